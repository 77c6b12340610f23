import { bytesToHex } from "@cns-bridge/shared/encoding/index";
import { useEffect, useRef, useState } from "preact/hooks";
import { requestDocumentForConsent } from "../dialogs/consent-documents.js";
import {
  type PdfJs,
  PREVIEW_MAX_BYTES,
  PreviewError,
  type PreviewFailure,
  renderFirstPage,
} from "../dialogs/pdf-first-page.js";
import { currentLanguage, type MessageKey, t } from "../i18n/t.js";
import { formatBytes } from "./format-bytes.js";
import "./consent-preview.css";

/** Where the preview gets the document and pdf.js: parameters so tests can hand in their own. */
export interface PreviewSources {
  readonly fetchDocument: (sha256: string) => Promise<Blob | null>;
  readonly loadPdfJs: () => Promise<PdfJs>;
}

export const packagedPreviewSources: PreviewSources = {
  fetchDocument: (sha256) => requestDocumentForConsent(sha256),
  // A chunk of its own, fetched only when a PDF is listed: the consent page stays light.
  loadPdfJs: () => import("../dialogs/pdfjs-packaged.js").then((module) => module.packagedPdfJs),
};

/** Width of the thumbnail in CSS pixels: readable in the 480 px consent window. */
const PREVIEW_WIDTH = 200;

const FAILURE_TEXT: Record<PreviewFailure, MessageKey> = {
  "too-large": "previewTooLarge",
  "not-found": "previewNotFound",
  mismatch: "previewMismatch",
  "not-pdf": "previewNotPdf",
  encrypted: "previewEncrypted",
  broken: "previewBroken",
  unavailable: "previewFailed",
};

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));
}

type PreviewState = { kind: "loading" } | { kind: "shown" } | { kind: "failed"; reason: PreviewFailure };

/**
 * Page 1 of one PDF in the consent list, drawn from the exact bytes whose SHA-256 the window shows.
 * It only informs: whatever happens here (slow, encrypted, damaged) never holds up Firma or Annulla.
 */
export function ConsentPreview({
  file,
  sources,
}: {
  file: { name: string; size: number; sha256: string };
  sources: PreviewSources;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<PreviewState>({ kind: "loading" });

  useEffect(() => {
    let current = true;
    const show = async () => {
      if (file.size > PREVIEW_MAX_BYTES) throw new PreviewError("too-large");
      const blob = await sources.fetchDocument(file.sha256);
      if (blob === null) throw new PreviewError("not-found");
      const bytes = new Uint8Array(await blob.arrayBuffer());
      if ((await sha256Hex(bytes)) !== file.sha256) throw new PreviewError("mismatch");
      if (!current || canvas.current === null) return;
      await renderFirstPage(
        bytes,
        canvas.current,
        PREVIEW_WIDTH,
        sources.loadPdfJs,
        window.devicePixelRatio || 1,
      );
    };
    show().then(
      () => current && setState({ kind: "shown" }),
      (error: unknown) =>
        current &&
        setState({ kind: "failed", reason: error instanceof PreviewError ? error.reason : "unavailable" }),
    );
    return () => {
      current = false;
    };
  }, [file.sha256, file.size, sources]);

  const reason =
    state.kind === "failed"
      ? t(FAILURE_TEXT[state.reason], formatBytes(PREVIEW_MAX_BYTES, currentLanguage()))
      : "";
  return (
    <figure class="preview" data-testid="consent-preview" data-state={state.kind}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={t("previewAlt", file.name)}
        hidden={state.kind !== "shown"}
      />
      {state.kind === "loading" && <p class="muted">{t("previewLoading", file.name)}</p>}
      {state.kind === "failed" && (
        <p class="status warn" role="status">
          {t("previewUnavailable", reason)}
        </p>
      )}
      <figcaption>{file.name}</figcaption>
    </figure>
  );
}
