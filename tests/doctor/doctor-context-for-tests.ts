import type { DoctorCheck } from "../../agent/src/doctor/check.js";
import { createDoctorContext } from "../../agent/src/doctor/create-doctor-context.js";
import type { DoctorContext } from "../../agent/src/doctor/doctor-context.js";
import { renderHumanReport } from "../../agent/src/doctor/render-human.js";
import { runDoctor } from "../../agent/src/doctor/run-doctor.js";
import type { DiagnosticsReport } from "@cns-bridge/shared";

/** The real doctor context pointed at a test's own home, config, pcscd socket and modules. */
export async function doctorContext(
  home: string,
  overrides: Partial<Omit<DoctorContext, "facts" | "personalData">> = {},
): Promise<DoctorContext> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CNS_BRIDGE_CONFIG: `${home}/config.json`,
    PCSCLITE_CSOCK_NAME: `${home}/no-pcscd.comm`,
    ...(process.env.SOFTHSM2_CONF === undefined ? {} : { SOFTHSM2_CONF: process.env.SOFTHSM2_CONF }),
    ...overrides.env,
  };
  const base = await createDoctorContext({ env, home, now: new Date() });
  return { ...base, ...overrides, env };
}

export async function runChecks(
  context: DoctorContext,
  checks: readonly DoctorCheck[],
  redact = true,
): Promise<{ report: DiagnosticsReport; italian: string }> {
  const report = await runDoctor(context, { redact, checks });
  return { report, italian: stableText(renderHumanReport(report, "it")) };
}

/** Dates and day counts depend on when the test PKI was made: the snapshot keeps their shape. */
export function stableText(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}/g, "AAAA-MM-GG")
    .replace(/tra \d+ giorni/g, "tra N giorni")
    .replace(/agente \d+\.\d+\.\d+\S*/g, "agente X.Y.Z");
}
