import type { DiagnosticCheck, DiagnosticsReport } from "@cns-bridge/shared";
import { maskCodiciFiscaliInText } from "../logging/mask-personal-data.js";

/** "ABCDEF123456" -> "AB********56"; short values are masked whole. */
export function maskValue(value: string): string {
  return value.length >= 8
    ? `${value.slice(0, 2)}${"*".repeat(value.length - 4)}${value.slice(-2)}`
    : "*".repeat(value.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface RedactionInputs {
  readonly personalData: ReadonlySet<string>;
  readonly home: string;
}

/**
 * A text masker: every value the checks marked as personal (token serials, holder names,
 * certificate serials, codici fiscali) masked wherever it appears, any other codice fiscale
 * masked by pattern, and the home directory shown as "~".
 */
export function createRedactor(options: RedactionInputs): (input: string) => string {
  // Longest first, so that "MARIO ROSSI" is masked before "MARIO" alone would split it.
  const values = [...options.personalData]
    .filter((value) => value.trim().length >= 2)
    .sort((a, b) => b.length - a.length);
  const pattern = values.length === 0 ? null : new RegExp(values.map(escapeRegExp).join("|"), "gi");
  const home = options.home.length > 1 ? new RegExp(`${escapeRegExp(options.home)}(?=$|[/\\\\])`, "g") : null;
  const text = (input: string): string => {
    let out = pattern === null ? input : input.replace(pattern, (match) => maskValue(match));
    out = maskCodiciFiscaliInText(out);
    return home === null ? out : out.replace(home, "~");
  };
  return text;
}

/** A copy of the report fit for a support ticket (see `createRedactor`). */
export function redactReport(report: DiagnosticsReport, options: RedactionInputs): DiagnosticsReport {
  const text = createRedactor(options);
  const evidence = (input: DiagnosticCheck["evidence"]): DiagnosticCheck["evidence"] =>
    Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        typeof value === "string" ? text(value) : Array.isArray(value) ? value.map(text) : value,
      ]),
    );
  return {
    ...report,
    redacted: true,
    checks: report.checks.map((check) => ({
      ...check,
      title: { it: text(check.title.it), en: text(check.title.en) },
      summary: { it: text(check.summary.it), en: text(check.summary.en) },
      evidence: evidence(check.evidence),
      remedy: check.remedy === null ? null : { it: text(check.remedy.it), en: text(check.remedy.en) },
    })),
  };
}
