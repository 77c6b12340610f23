import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isValidCodiceFiscale } from "@cns-bridge/shared";

/** What must never appear in a log, with why (the finding names the kind, never the value). */
export interface ForbiddenString {
  readonly kind: "pin" | "puk" | "passphrase" | "codice-fiscale";
  /** Where the value comes from, e.g. "token holder-rsa". */
  readonly source: string;
  readonly value: string;
}

export interface LogFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: ForbiddenString["kind"] | "codice-fiscale-shaped";
  readonly source: string;
}

export interface LogScanResult {
  readonly files: number;
  readonly lines: number;
  readonly bytes: number;
  /** JSON lines written by a cns-bridge agent logger (in-process or `cns-agent serve`). */
  readonly agentLines: number;
  readonly findings: LogFinding[];
}

// The shape of a personal codice fiscale (omocodia letters allowed), as the agent's masking sees it.
const CODICE_FISCALE_SHAPE =
  /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A PIN or PUK is digits: it counts only as a whole number (not inside a longer one, such as a
 * timestamp); a passphrase or a codice fiscale counts anywhere, a codice fiscale in any case.
 */
function matcherOf(forbidden: ForbiddenString): RegExp {
  const value = escapeRegExp(forbidden.value);
  if (forbidden.kind === "pin" || forbidden.kind === "puk") return new RegExp(`(?<![0-9])${value}(?![0-9])`);
  if (forbidden.kind === "codice-fiscale") return new RegExp(value, "i");
  return new RegExp(value);
}

function logFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/**
 * Reads every file under `dir` line by line: each forbidden value, and any unmasked string with
 * the shape and a valid check character of a codice fiscale (a holder never seen in the fixtures
 * counts too), is a finding. Masked codici fiscali ("RSS***********1U") pass.
 */
export function scanLogs(dir: string, forbidden: readonly ForbiddenString[]): LogScanResult {
  const matchers = forbidden.map((item) => ({ item, regex: matcherOf(item) }));
  const findings: LogFinding[] = [];
  let lines = 0;
  let bytes = 0;
  let agentLines = 0;
  const files = logFiles(dir);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    bytes += Buffer.byteLength(text);
    const fileLines = text.split("\n");
    for (const [index, line] of fileLines.entries()) {
      if (line.length === 0) continue;
      lines += 1;
      if (line.includes('"app":"cns-bridge-agent"')) agentLines += 1;
      for (const { item, regex } of matchers) {
        if (regex.test(line)) findings.push({ file, line: index + 1, kind: item.kind, source: item.source });
      }
      for (const match of line.matchAll(CODICE_FISCALE_SHAPE)) {
        if (isValidCodiceFiscale(match[0].toUpperCase())) {
          findings.push({ file, line: index + 1, kind: "codice-fiscale-shaped", source: "log text" });
        }
      }
    }
  }
  return { files: files.length, lines, bytes, agentLines, findings };
}
