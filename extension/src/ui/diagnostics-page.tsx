import type { DiagnosticsReport } from "@cns-bridge/shared";
import { useEffect, useMemo, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { AgentStatus } from "../agent/agent-status.js";
import { collectDiagnostics, type DiagnosticsSources } from "../diagnostics/collect-diagnostics.js";
import {
  type DiagnosticsDocument,
  diagnosticsJson,
  downloadStem,
  renderDiagnosticsText,
} from "../diagnostics/diagnostics-document.js";
import { DiagnosticsReportView } from "../diagnostics/diagnostics-report-view.js";
import "../diagnostics/diagnostics.css";
import { currentLanguage, t } from "../i18n/t.js";
import { agentPortItem, developerModeItem, sitePermissionsItem } from "../storage-items.js";
import { askBackground } from "./background-client.js";

const sources: DiagnosticsSources = {
  runAgent: (redact) => askBackground<DiagnosticsReport>({ kind: "diagnostics:run", redact }),
  status: () => askBackground<AgentStatus>({ kind: "status:get" }),
  agentPort: () => agentPortItem.getValue(),
  sitePermissions: () => sitePermissionsItem.getValue(),
  developerMode: () => developerModeItem.getValue(),
  extensionVersion: browser.runtime.getManifest().version,
  optionsUrl: browser.runtime.getURL("/options.html"),
  now: () => new Date(),
};

/** An object URL for a download link, revoked when the content changes or the page goes. */
function useBlobUrl(content: string | null, type: string): string | null {
  const url = useMemo(
    () => (content === null ? null : URL.createObjectURL(new Blob([content], { type }))),
    [content, type],
  );
  useEffect(() => () => (url === null ? undefined : URL.revokeObjectURL(url)), [url]);
  return url;
}

/**
 * "Diagnostica": the extension's checks and the agent's `cns-agent doctor` report, redacted
 * unless the holder asks for personal data; copy as text, download as JSON or text.
 */
export function DiagnosticsPage() {
  const language = currentLanguage();
  const [redact, setRedact] = useState(true);
  const [document, setDocument] = useState<DiagnosticsDocument | null>(null);
  const [running, setRunning] = useState(true);
  const [notice, setNotice] = useState("");
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setRunning(true);
    setNotice("");
    void collectDiagnostics(sources, redact, language).then((result) => {
      if (!current) return;
      setDocument(result);
      setRunning(false);
    });
    return () => {
      current = false;
    };
  }, [redact, round, language]);

  const text = document === null ? null : renderDiagnosticsText(document, language);
  const json = document === null ? null : diagnosticsJson(document);
  const textUrl = useBlobUrl(text, "text/plain;charset=utf-8");
  const jsonUrl = useBlobUrl(json, "application/json");
  const stem = document === null ? "" : downloadStem(document.generatedAt);

  const copy = async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setNotice(t("diagCopied"));
    } catch {
      setNotice(t("diagCopyFailed"));
    }
  };

  return (
    <main aria-busy={running}>
      <h1>{t("diagnosticsTitle")}</h1>
      <div class="diag-toolbar">
        <label>
          <input
            type="checkbox"
            checked={!redact}
            disabled={running}
            onChange={(event) => setRedact(!(event.currentTarget as HTMLInputElement).checked)}
          />{" "}
          {t("diagShowPersonal")}
        </label>
        <button type="button" disabled={running} onClick={() => setRound((value) => value + 1)}>
          {t("diagRerun")}
        </button>
      </div>
      <p class="muted">{t(redact ? "diagRedactedNote" : "diagPersonalShown")}</p>
      <p role="status" class="muted">
        {running ? t("diagRunning") : notice}
      </p>
      {document !== null && (
        <>
          <div class="diag-toolbar">
            <button type="button" class="primary" disabled={running} onClick={() => void copy()}>
              {t("diagCopy")}
            </button>
            {jsonUrl !== null && (
              <a class="button" href={jsonUrl} download={`${stem}.json`}>
                {t("diagDownloadJson")}
              </a>
            )}
            {textUrl !== null && (
              <a class="button" href={textUrl} download={`${stem}.txt`}>
                {t("diagDownloadText")}
              </a>
            )}
          </div>
          <DiagnosticsReportView document={document} language={language} />
        </>
      )}
    </main>
  );
}
