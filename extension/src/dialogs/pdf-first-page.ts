/**
 * The first page of a PDF drawn into a canvas for the consent window, with pdf.js. pdf.js is a
 * parameter (the extension loads it lazily from a packaged chunk, tests hand in their own), so
 * this module costs nothing to the pages that never show a PDF.
 */

/** Why a preview is not shown; each has its own Italian and English explanation. */
export type PreviewFailure =
  "too-large" | "not-found" | "mismatch" | "not-pdf" | "encrypted" | "broken" | "unavailable";

export class PreviewError extends Error {
  override readonly name = "PreviewError";
  constructor(
    readonly reason: PreviewFailure,
    options?: { cause?: unknown },
  ) {
    super(`preview ${reason}`, options);
  }
}

/** The part of pdf.js the preview uses (its `getDocument` and page rendering). */
export interface PdfJs {
  getDocument(source: { data: Uint8Array; useWasm: boolean; enableXfa: boolean; stopAtErrors: boolean }): {
    readonly promise: Promise<{ getPage(number: number): Promise<PdfPage> }>;
    destroy(): Promise<void>;
  };
}

interface PdfPage {
  getViewport(options: { scale: number }): { width: number; height: number };
  render(options: { canvas: HTMLCanvasElement | null; viewport: { width: number; height: number } }): {
    readonly promise: Promise<void>;
  };
}

/** A bigger PDF is not read into memory just for a thumbnail. */
export const PREVIEW_MAX_BYTES = 64 * 1024 * 1024;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** A PDF's header may follow some junk, but within its first 1024 bytes (ISO 32000-1, 7.5.2 and implementation notes). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 1024) - PDF_MAGIC.length;
  for (let start = 0; start <= end; start += 1) {
    if (PDF_MAGIC.every((byte, index) => bytes[start + index] === byte)) return true;
  }
  return false;
}

function failureOf(error: unknown): PreviewFailure {
  const name =
    error instanceof Error || (typeof error === "object" && error !== null) ? (error as Error).name : "";
  if (name === "PasswordException") return "encrypted";
  if (name === "InvalidPDFException" || name === "FormatError") return "broken";
  return "unavailable";
}

/**
 * Draws page 1 of `bytes` into `canvas`, `widthPx` wide in CSS pixels (sharp on high-density
 * screens). Rejects with a PreviewError saying why when the PDF cannot be shown (protected by a
 * password, damaged, not a PDF at all, or pdf.js failed to load).
 */
export async function renderFirstPage(
  bytes: Uint8Array,
  canvas: HTMLCanvasElement,
  widthPx: number,
  loadPdfJs: () => Promise<PdfJs>,
  pixelRatio = 1,
): Promise<{ width: number; height: number }> {
  if (!looksLikePdf(bytes)) throw new PreviewError("not-pdf");
  let pdfjs: PdfJs;
  try {
    pdfjs = await loadPdfJs();
  } catch (cause) {
    throw new PreviewError("unavailable", { cause });
  }
  // No XFA (scripted forms), no WebAssembly (the extension's CSP has no 'wasm-unsafe-eval'):
  // images in the rare formats that need it are left out of the thumbnail, never fetched.
  const task = pdfjs.getDocument({ data: bytes, useWasm: false, enableXfa: false, stopAtErrors: false });
  try {
    const page = await (await task.promise).getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (widthPx / natural.width) * pixelRatio });
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    canvas.style.width = `${widthPx}px`;
    canvas.style.height = `${Math.round(viewport.height / pixelRatio)}px`;
    await page.render({ canvas, viewport }).promise;
    return { width: canvas.width, height: canvas.height };
  } catch (cause) {
    throw new PreviewError(failureOf(cause), { cause });
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
