import { CnsBridgeError } from "@cns-bridge/shared";
import { parseArgs } from "node:util";
import type { CliCommand, OptionValues } from "./command.js";
import { GLOBAL_OPTIONS, type GlobalOptions, parseLanguage } from "./global-options.js";

export interface ParsedCommandLine {
  /** Undefined when no command was named (`cns-agent --help`, or nothing at all). */
  readonly command: CliCommand | undefined;
  readonly global: GlobalOptions;
  readonly options: OptionValues;
  readonly positionals: readonly string[];
}

/**
 * `cns-agent [global options] COMMAND [options]` (global options may also follow the command).
 * The command is the first word that is neither an option nor an option's value; the rest is then
 * parsed strictly against the global and the command's options, so a typo is a usage error.
 */
export function parseCommandLine(
  argv: readonly string[],
  commands: readonly CliCommand[],
): ParsedCommandLine {
  const { tokens } = parseArgs({
    args: [...argv],
    options: GLOBAL_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === "positional");
  const name = first?.kind === "positional" ? first.value : undefined;
  const command = name === undefined ? undefined : commands.find((candidate) => candidate.name === name);
  if (name !== undefined && command === undefined) {
    throw new CnsBridgeError("BAD_USAGE", { detail: `unknown command ${JSON.stringify(name.slice(0, 40))}` });
  }
  const rest = first === undefined ? [...argv] : argv.filter((_, index) => index !== first.index);

  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command?.options },
      strict: true,
      allowPositionals: command?.allowPositionals ?? false,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : "bad arguments";
    throw new CnsBridgeError("BAD_USAGE", { detail }, { cause: error });
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const text = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === "string" ? value : undefined;
  };
  const global: GlobalOptions = {
    module: text("module"),
    token: text("token"),
    json: values.json === true,
    pinStdin: values["pin-stdin"] === true,
    lang: parseLanguage(text("lang")),
    help: values.help === true,
    version: values.version === true,
  };
  const options: Record<string, string | boolean | (string | boolean)[] | undefined> = {};
  for (const key of Object.keys(command?.options ?? {})) {
    options[key] = values[key];
  }
  return { command, global, options, positionals: parsed.positionals };
}
