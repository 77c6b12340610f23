import type { Language } from "@cns-bridge/shared";
import { t } from "../i18n/t.js";
import {
  AREA_LABELS,
  type DiagnosticsDocument,
  groupChecks,
  OVERALL_LABELS,
  overallOf,
  STATUS_LABELS,
  STATUS_MARKS,
} from "./diagnostics-document.js";
import type { ShownCheck } from "./extension-checks.js";

const STATUS_CLASSES = { ok: "ok", warn: "warn", fail: "error" } as const;

function evidenceText(value: ShownCheck["evidence"][string]): string {
  if (Array.isArray(value)) return value.length === 0 ? "–" : value.join(", ");
  return value === null ? "–" : String(value);
}

function CheckItem({ check, language }: { check: ShownCheck; language: Language }) {
  const entries = Object.entries(check.evidence);
  const showRemedy = check.remedy !== null && (check.status === "warn" || check.status === "fail");
  return (
    <li class={`diag-check diag-${check.status}`} data-check-id={check.id}>
      <span class="diag-mark" role="img" aria-label={t(STATUS_LABELS[check.status])}>
        {STATUS_MARKS[check.status]}
      </span>
      <div class="diag-body">
        <p class="diag-line">
          <strong>{check.title[language]}</strong>: {check.summary[language]}
        </p>
        {showRemedy && check.remedy !== null && <p class="diag-remedy">→ {check.remedy[language]}</p>}
        {check.docUrl !== undefined && (
          <p class="diag-link">
            <a href={check.docUrl} target="_blank" rel="noopener noreferrer">
              {check.linkLabel?.[language] ?? t("diagMoreInfo")}
            </a>
          </p>
        )}
        {entries.length > 0 && (
          <details>
            <summary>{t("diagEvidence")}</summary>
            <dl class="diag-evidence">
              {entries.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{evidenceText(value)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </div>
    </li>
  );
}

/** The report as the page shows it: overall verdict first, then each area with its checks. */
export function DiagnosticsReportView({
  document,
  language,
}: {
  document: DiagnosticsDocument;
  language: Language;
}) {
  const { overall, summary } = overallOf(document);
  return (
    <div>
      <div class={`status ${STATUS_CLASSES[overall]}`} data-testid="diag-overall">
        <strong>{t(OVERALL_LABELS[overall])}</strong>{" "}
        {t("diagSummaryCounts", summary.ok, summary.warn, summary.fail, summary.skip)}
      </div>
      {document.agentError !== null && (
        <p class="status error" role="alert">
          {t("diagAgentReportMissing", document.agentError)}
        </p>
      )}
      {groupChecks(document).map(({ area, checks }) => (
        <section key={area} aria-labelledby={`diag-area-${area}`}>
          <h2 id={`diag-area-${area}`}>{t(AREA_LABELS[area])}</h2>
          <ul class="diag-checks">
            {checks.map((check) => (
              <CheckItem key={check.id} check={check} language={language} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
