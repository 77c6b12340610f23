import type { RequestView } from "@cns-bridge/shared";
import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { signDocumentsBatch } from "../sign-batch.js";
import { documentsToSign } from "../wizard.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";

type DocumentKind = RequestView["documents"][number]["kind"];

interface Downloaded {
  readonly bytes: Uint8Array;
  readonly url: string;
}

/** The portal's documents, fetched once (links to read them, bytes to sign); links freed on leave. */
function useDocuments(deps: StepProps["deps"], view: RequestView) {
  const [files, setFiles] = useState<Map<DocumentKind, Downloaded> | null>(null);
  const load = useAction();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const urls: string[] = [];
    void load.run(async () => {
      const loaded = new Map<DocumentKind, Downloaded>();
      for (const document of view.documents) {
        const bytes = await deps.client.downloadDocument(view.id, document.kind);
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/pdf" }));
        urls.push(url);
        loaded.set(document.kind, { bytes, url });
      }
      if (!cancelled) setFiles(loaded);
    });
    return () => {
      cancelled = true;
      for (const url of urls) URL.revokeObjectURL(url);
    };
    // The documents change only when the request goes back to an earlier state (another step).
  }, [view.id, attempt]);
  return { files, loadError: load.error, reload: () => setAttempt((n) => n + 1) };
}

/**
 * Step 10: every document signed in one batch (one consent listing them all, one PIN), CAdES,
 * then uploaded; the portal verifies signer, content and certificate before accepting each.
 */
export function SignStep({ deps, view, onView }: StepProps) {
  const { files, loadError, reload } = useDocuments(deps, view);
  const [progress, setProgress] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const pending = documentsToSign(view);

  const sign = () =>
    run(async () => {
      if (files === null) return;
      setProgress(t("routeSigning"));
      let latest = view;
      try {
        const documents = pending.map((document) => {
          const file = files.get(document.kind);
          if (file === undefined) throw new Error(`document ${document.kind} not downloaded`);
          return { name: document.filename, bytes: file.bytes };
        });
        const signed = await signDocumentsBatch(deps.ask, documents, deps.digest, deps.client.origin);
        for (const [index, document] of pending.entries()) {
          const p7m = signed[index];
          if (p7m === undefined) throw new Error("fewer signed documents than asked");
          setProgress(t("routeUploading", document.title));
          latest = await deps.client.uploadSigned(view.id, document.kind, p7m);
        }
      } finally {
        setProgress(null);
        // What the portal already accepted stays accepted: show it even if a later one failed.
        if (latest !== view) onView(latest);
      }
    });

  return (
    <>
      <p>{t("routeSignHelp")}</p>
      <h3>{t("routeDocumentsList")}</h3>
      <ul class="documents">
        {view.documents.map((document) => {
          const file = files?.get(document.kind);
          return (
            <li key={document.kind}>
              {file === undefined ? (
                document.title
              ) : (
                <a href={file.url} download={document.filename}>
                  {t("routeDownload", document.title)}
                </a>
              )}
              {document.signed && <strong class="signed"> — {t("routeSignedMark")}</strong>}
            </li>
          );
        })}
      </ul>
      {loadError !== null && (
        <>
          <ErrorNotice error={loadError} />
          <button type="button" onClick={reload}>
            {t("retry")}
          </button>
        </>
      )}
      {progress !== null && <p role="status">{progress}</p>}
      <ErrorNotice error={error} />
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy || files === null || pending.length === 0}
          onClick={() => void sign()}
        >
          {t("routeSignButton")}
        </button>
      </div>
    </>
  );
}
