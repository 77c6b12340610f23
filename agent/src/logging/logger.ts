import { pino, type DestinationStream, type Logger } from "pino";
import { redactForLog } from "./mask-personal-data.js";

export type AgentLogger = Logger;

export interface LoggerOptions {
  level?: "debug" | "info" | "warn" | "error" | "silent";
  /** Show codici fiscali in clear: only with the explicit `--debug-personal-data` flag. */
  debugPersonalData?: boolean;
  /** Where JSON lines go; standard error by default. */
  destination?: DestinationStream;
}

/**
 * Structured JSON logs. Every object logged passes through `redactForLog` (secrets by key,
 * codici fiscali masked) and every message string is masked too, so a careless call site
 * cannot leak a PIN or a codice fiscale.
 */
export function createAgentLogger(options: LoggerOptions = {}): AgentLogger {
  const maskPersonalData = options.debugPersonalData !== true;
  return pino(
    {
      level: options.level ?? "info",
      base: { app: "cns-bridge-agent" },
      formatters: {
        log: (object) => redactForLog(object, { maskPersonalData }) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) =>
            typeof arg === "string" ? (redactForLog(arg, { maskPersonalData }) as string) : arg,
          );
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}
