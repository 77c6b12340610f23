import type { LocalizedMessage } from "@cns-bridge/shared";
import type { ParseArgsOptionsConfig } from "node:util";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import type { ModuleChoice } from "../pkcs11/select-module.js";
import type { CliIo } from "./cli-io.js";
import type { GlobalOptions } from "./global-options.js";

/** Values of a command's own options, as node:util parseArgs returns them. */
export type OptionValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/**
 * One `cns-agent` command. Add a file under `cli/commands/` exporting one of these and list it in
 * `cli/commands/index.ts`; parsing, `--help`, `--json` errors, exit codes and module cleanup come
 * from the framework.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: LocalizedMessage;
  /** What follows `cns-agent NAME` in the usage line, e.g. "--in FILE [--json]". */
  readonly usage: string;
  /** The command's own options (the global ones are added by the framework). */
  readonly options?: ParseArgsOptionsConfig;
  readonly allowPositionals?: boolean;
  /**
   * True for a command that shuts itself down on SIGINT/SIGTERM (a server). Otherwise the framework
   * finalizes the open modules and exits with 128 + signal number when one arrives.
   */
  readonly handlesSignals?: boolean;
  /** Returns the exit code (EXIT.ok, or EXIT.checkFailed when a check failed); throws CnsBridgeError otherwise. */
  run(context: CommandContext): Promise<number>;
}

export interface CommandContext {
  readonly global: GlobalOptions;
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  /** The PIN from `--pin-stdin`; BAD_USAGE when the flag is absent. Read it once, pass it on, drop it. */
  readPin(): Promise<string>;
  /**
   * The PKCS#11 module chosen by `--module` > CNS_BRIDGE_MODULE > config file > auto-detection,
   * loaded and initialized. The framework finalizes it when the command ends.
   */
  openModule(): Promise<{ module: Pkcs11Module; choice: ModuleChoice }>;
  /** Prints a JSON document (one line) on stdout. */
  printJson(value: unknown): void;
  /** Prints a line of human output on stdout. */
  printLine(line: string): void;
}

/** A string option of a command (undefined when absent). */
export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(options: OptionValues, name: string): boolean {
  return options[name] === true;
}

/** A `multiple: true` string option as a list. */
export function stringListOption(options: OptionValues, name: string): string[] {
  const value = options[name];
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === "string");
  }
  return typeof value === "string" ? [value] : [];
}
