import type { CheckArea, CheckStatus, DiagnosticCheck, LocalizedMessage } from "@cns-bridge/shared";
import type { DoctorContext } from "./doctor-context.js";

/** What a check returns: one finding, or one per thing it looked at (module, token, profile). */
export type CheckOutcome = DiagnosticCheck | DiagnosticCheck[];

/**
 * One diagnostic. Checks run in the order of `ALL_CHECKS`; a later check may read what an earlier
 * one found from `context.facts` (the ATR read by the PC/SC check decides which middleware the
 * PKCS#11 check asks for).
 */
export interface DoctorCheck {
  readonly id: string;
  readonly area: CheckArea;
  run(context: DoctorContext): Promise<CheckOutcome>;
}

export type Evidence = DiagnosticCheck["evidence"];

/** Builds a finding; `remedy` defaults to none. */
export function finding(
  base: { id: string; area: CheckArea; title: LocalizedMessage },
  status: CheckStatus,
  summary: LocalizedMessage,
  evidence: Evidence,
  remedy: LocalizedMessage | null = null,
  docUrl?: string,
): DiagnosticCheck {
  return {
    id: base.id,
    area: base.area,
    status,
    title: { it: base.title.it, en: base.title.en },
    summary: { it: summary.it, en: summary.en },
    evidence,
    remedy: remedy === null ? null : { it: remedy.it, en: remedy.en },
    ...(docUrl === undefined ? {} : { docUrl }),
  };
}
