import { CnsBridgeError, type Language } from "@cns-bridge/shared";
import type { ParseArgsOptionsConfig } from "node:util";

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  module: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  "pin-stdin": { type: "boolean" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies ParseArgsOptionsConfig;

export interface GlobalOptions {
  /** `--module PATH`: the PKCS#11 module, before CNS_BRIDGE_MODULE, the config file and auto-detection. */
  readonly module: string | undefined;
  /** `--token LABEL`: label or serial number of the token. */
  readonly token: string | undefined;
  readonly json: boolean;
  readonly pinStdin: boolean;
  readonly lang: Language;
  readonly help: boolean;
  /** `--version`: print the agent's version (as `{"agentVersion"}` with `--json`) and exit. */
  readonly version: boolean;
}

const LANGUAGES: readonly Language[] = ["it", "en"];

export function parseLanguage(value: string | undefined): Language {
  if (value === undefined) {
    return "it";
  }
  if ((LANGUAGES as readonly string[]).includes(value)) {
    return value as Language;
  }
  throw new CnsBridgeError("BAD_USAGE", { detail: `--lang must be it or en` });
}

/**
 * The language to report errors in, found before anything else is parsed so that even a usage
 * error comes out in the language asked for. An unknown value falls back to Italian here and is
 * refused by the full parse.
 */
export function peekLanguage(argv: readonly string[]): Language {
  for (const [index, arg] of argv.entries()) {
    const value = arg === "--lang" ? argv[index + 1] : arg.startsWith("--lang=") ? arg.slice(7) : undefined;
    if (value === "en" || value === "it") {
      return value;
    }
  }
  return "it";
}
