import {
  DIAGNOSTICS_SCHEMA,
  type DiagnosticCheck,
  type DiagnosticsReport,
  PROTOCOL_VERSION,
  summarizeChecks,
} from "@cns-bridge/shared";
import { AGENT_VERSION } from "../server/agent-version.js";
import { ALL_CHECKS } from "./all-checks.js";
import { type DoctorCheck, finding } from "./check.js";
import type { DoctorContext } from "./doctor-context.js";
import { redactReport } from "./redact-report.js";

/**
 * Runs the checks in order and builds the report. A check that throws becomes a `fail` finding
 * with the error's code, so one broken check never hides the others. The modules the checks
 * loaded are finalized at the end.
 */
export async function runDoctor(
  context: DoctorContext,
  options: { redact: boolean; checks?: readonly DoctorCheck[] },
): Promise<DiagnosticsReport> {
  const findings: DiagnosticCheck[] = [];
  try {
    for (const check of options.checks ?? ALL_CHECKS) {
      try {
        const outcome = await check.run(context);
        findings.push(...(Array.isArray(outcome) ? outcome : [outcome]));
      } catch (error) {
        const code =
          typeof error === "object" && error !== null && "code" in error ? String(error.code) : "INTERNAL";
        findings.push(
          finding(
            { id: check.id, area: check.area, title: { it: check.id, en: check.id } },
            "fail",
            { it: `Il controllo non è riuscito (${code}).`, en: `The check could not run (${code}).` },
            { error: code, detail: error instanceof Error ? error.message : String(error) },
            {
              it: "Invia il pacchetto di diagnostica (--bundle) all'assistenza.",
              en: "Send the diagnostics bundle (--bundle) to support.",
            },
          ),
        );
      }
    }
  } finally {
    for (const loaded of context.facts.loadedModules) await loaded.module.finalize();
    context.facts.loadedModules.length = 0;
  }
  const report: DiagnosticsReport = {
    schema: DIAGNOSTICS_SCHEMA,
    generatedAt: context.now.toISOString(),
    agentVersion: AGENT_VERSION,
    protocol: PROTOCOL_VERSION,
    redacted: false,
    ...summarizeChecks(findings),
    checks: findings,
  };
  return options.redact
    ? redactReport(report, { personalData: context.personalData, home: context.home })
    : report;
}
