import {
  CHECK_AREAS,
  type CheckArea,
  type CheckStatus,
  type DiagnosticsReport,
  type Language,
  summarizeChecks,
} from "@cns-bridge/shared";
import type { MessageKey } from "../i18n/t.js";
import { bilingual } from "./bilingual.js";
import type { ShownCheck } from "./extension-checks.js";

export type ShownArea = CheckArea | "extension";

/** What the page shows and downloads: the extension's checks first, then the agent's report (or why it is missing). */
export interface DiagnosticsDocument {
  readonly generatedAt: string;
  readonly extensionVersion: string;
  readonly extensionChecks: readonly ShownCheck[];
  readonly agentReport: DiagnosticsReport | null;
  /** The coded failure's message when the agent's report could not be had. */
  readonly agentError: string | null;
}

export const STATUS_MARKS: Readonly<Record<CheckStatus, string>> = {
  ok: "✓",
  warn: "!",
  fail: "✗",
  skip: "–",
};

export const STATUS_LABELS: Readonly<Record<CheckStatus, MessageKey>> = {
  ok: "diagStatusOk",
  warn: "diagStatusWarn",
  fail: "diagStatusFail",
  skip: "diagStatusSkip",
};

export const AREA_LABELS: Readonly<Record<ShownArea, MessageKey>> = {
  extension: "diagAreaExtension",
  system: "diagAreaSystem",
  pcsc: "diagAreaPcsc",
  pkcs11: "diagAreaPkcs11",
  token: "diagAreaToken",
  browsers: "diagAreaBrowsers",
  signing: "diagAreaSigning",
};

export const OVERALL_LABELS: Readonly<Record<DiagnosticsReport["overall"], MessageKey>> = {
  ok: "diagOverallOk",
  warn: "diagOverallWarn",
  fail: "diagOverallFail",
};

/** Every check, grouped by area in the report's order (extension first), empty areas left out. */
export function groupChecks(
  document: DiagnosticsDocument,
): { area: ShownArea; checks: readonly ShownCheck[] }[] {
  const all: readonly ShownCheck[] = [...document.extensionChecks, ...(document.agentReport?.checks ?? [])];
  return (["extension", ...CHECK_AREAS] as const)
    .map((area) => ({ area, checks: all.filter((check) => check.area === area) }))
    .filter((group) => group.checks.length > 0);
}

/** Counts and verdict over both parts; a missing agent report is a failure. */
export function overallOf(document: DiagnosticsDocument): ReturnType<typeof summarizeChecks> {
  const summary = summarizeChecks([...document.extensionChecks, ...(document.agentReport?.checks ?? [])]);
  return document.agentReport === null ? { ...summary, overall: "fail" } : summary;
}

/** The report as plain text, like `cns-agent doctor`: ✓ / ! / ✗ / – per check by area, remedies below. */
export function renderDiagnosticsText(document: DiagnosticsDocument, language: Language): string {
  const text = (key: MessageKey, ...values: (string | number)[]) => bilingual(key, ...values)[language];
  const report = document.agentReport;
  const lines = [
    text("diagHeader", document.extensionVersion, report?.agentVersion ?? "-"),
    text("diagGeneratedAt", document.generatedAt),
  ];
  for (const { area, checks } of groupChecks(document)) {
    lines.push("", text(AREA_LABELS[area]));
    for (const check of checks) {
      lines.push(`  ${STATUS_MARKS[check.status]} ${check.title[language]}: ${check.summary[language]}`);
      if (check.remedy !== null && (check.status === "warn" || check.status === "fail")) {
        lines.push(`      → ${check.remedy[language]}`);
      }
      if (check.docUrl !== undefined && check.status !== "ok") lines.push(`      ${check.docUrl}`);
    }
  }
  if (document.agentError !== null) lines.push("", text("diagAgentReportMissing", document.agentError));
  const { overall, summary } = overallOf(document);
  lines.push(
    "",
    `${text("diagSummaryCounts", summary.ok, summary.warn, summary.fail, summary.skip)} ${text(OVERALL_LABELS[overall])}`,
  );
  if (report !== null) lines.push(text(report.redacted ? "diagRedactedNote" : "diagPersonalShown"));
  return `${lines.join("\n")}\n`;
}

/** The downloadable JSON: the agent's report unchanged (schema `cns-bridge.diagnostics/1`) beside the extension's checks. */
export function diagnosticsJson(document: DiagnosticsDocument): string {
  const { overall, summary } = overallOf(document);
  return `${JSON.stringify(
    {
      generatedAt: document.generatedAt,
      overall,
      summary,
      extension: { version: document.extensionVersion, checks: document.extensionChecks },
      agent: document.agentReport,
      agentError: document.agentError,
    },
    null,
    2,
  )}\n`;
}

/** File name stem for downloads, from the report's time: `cns-bridge-diagnostica-2026-01-01T10-00-00`. */
export function downloadStem(generatedAt: string): string {
  return `cns-bridge-diagnostica-${generatedAt.slice(0, 19).replace(/:/g, "-")}`;
}
