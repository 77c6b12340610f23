import type { CliCommand } from "../command.js";
import { authCommand } from "./auth.js";
import { doctorCommand } from "./doctor.js";
import { extractCommand } from "./extract.js";
import { modulesCommand } from "./modules.js";
import { serveCommand } from "./serve.js";
import { signCommand } from "./sign.js";
import { tokensCommand } from "./tokens.js";
import { verifyCommand } from "./verify.js";

/** Every `cns-agent` command, in the order `--help` lists them. One file per command beside this one. */
export const COMMANDS: readonly CliCommand[] = [
  tokensCommand,
  modulesCommand,
  authCommand,
  serveCommand,
  signCommand,
  verifyCommand,
  extractCommand,
  doctorCommand,
];
