import type { CliCommand } from "../command.js";
import { authCommand } from "./auth.js";
import { doctorCommand } from "./doctor.js";
import { modulesCommand } from "./modules.js";
import { tokensCommand } from "./tokens.js";

/** Every `cns-agent` command, in the order `--help` lists them. One file per command beside this one. */
export const COMMANDS: readonly CliCommand[] = [tokensCommand, modulesCommand, authCommand, doctorCommand];
