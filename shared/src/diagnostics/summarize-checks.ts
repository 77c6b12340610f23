import type { CheckStatus, DiagnosticCheck, DiagnosticsReport } from "./report-schema.js";

/** Counts per status and the overall verdict (skip counts as ok), as the report carries them. */
export function summarizeChecks(
  checks: readonly Pick<DiagnosticCheck, "status">[],
): Pick<DiagnosticsReport, "overall" | "summary"> {
  const summary: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) {
    summary[check.status] += 1;
  }
  const overall = summary.fail > 0 ? "fail" : summary.warn > 0 ? "warn" : "ok";
  return { overall, summary };
}
