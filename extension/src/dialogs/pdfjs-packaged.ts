import * as pdfjs from "pdfjs-dist";
// The worker ships inside the extension as a file of its own (no remote code, no blob: worker).
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import type { PdfJs } from "./pdf-first-page.js";

/** Loaded only through a dynamic import, when the consent window lists a PDF. */
pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export const packagedPdfJs: PdfJs = pdfjs;
