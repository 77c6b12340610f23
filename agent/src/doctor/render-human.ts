import {
  CHECK_AREAS,
  type CheckArea,
  type CheckStatus,
  type DiagnosticsReport,
  type Language,
} from "@cns-bridge/shared";

const MARKS: Readonly<Record<CheckStatus, string>> = { ok: "✓", warn: "!", fail: "✗", skip: "-" };

const AREA_NAMES: Readonly<Record<CheckArea, Readonly<Record<Language, string>>>> = {
  system: { it: "Sistema", en: "System" },
  pcsc: { it: "Lettore e carta (PC/SC)", en: "Reader and card (PC/SC)" },
  pkcs11: { it: "Middleware (PKCS#11)", en: "Middleware (PKCS#11)" },
  token: { it: "CNS", en: "CNS" },
  browsers: { it: "Browser", en: "Browsers" },
  signing: { it: "Firma", en: "Signing" },
};

const VERDICT: Readonly<Record<DiagnosticsReport["overall"], Readonly<Record<Language, string>>>> = {
  ok: { it: "Tutto in ordine.", en: "All good." },
  warn: { it: "Funziona, ma alcuni punti vanno sistemati.", en: "Works, but some points need attention." },
  fail: {
    it: "Trovati problemi che impediscono l'uso della CNS.",
    en: "Found problems that prevent using the CNS.",
  },
};

/** The report as plain text: ✓ / ! / ✗ per check, grouped by area, remedies indented under their check. */
export function renderHumanReport(report: DiagnosticsReport, language: Language): string {
  const lines: string[] = [
    language === "it"
      ? `cns-bridge doctor — agente ${report.agentVersion}`
      : `cns-bridge doctor — agent ${report.agentVersion}`,
  ];
  for (const area of CHECK_AREAS) {
    const checks = report.checks.filter((check) => check.area === area);
    if (checks.length === 0) continue;
    lines.push("", AREA_NAMES[area][language]);
    for (const check of checks) {
      lines.push(`  ${MARKS[check.status]} ${check.title[language]}: ${check.summary[language]}`);
      if (check.remedy !== null && (check.status === "warn" || check.status === "fail")) {
        lines.push(`      → ${check.remedy[language]}`);
      }
      if (check.docUrl !== undefined && check.status !== "ok") lines.push(`      ${check.docUrl}`);
    }
  }
  const { ok, warn, fail, skip } = report.summary;
  lines.push(
    "",
    language === "it"
      ? `${ok} ok, ${warn} avvisi, ${fail} errori, ${skip} saltati. ${VERDICT[report.overall].it}`
      : `${ok} ok, ${warn} warnings, ${fail} failures, ${skip} skipped. ${VERDICT[report.overall].en}`,
  );
  if (report.redacted) {
    lines.push(
      language === "it"
        ? "Dati personali mascherati (--no-redact per mostrarli)."
        : "Personal data masked (--no-redact to show it).",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** 0 all ok, 1 warnings, 3 failures: the `cns-agent doctor` exit code. */
export function doctorExitCode(report: DiagnosticsReport): 0 | 1 | 3 {
  return report.overall === "fail" ? 3 : report.overall === "warn" ? 1 : 0;
}
