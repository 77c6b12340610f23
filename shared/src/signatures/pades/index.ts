export { inspectPdfForSigning, type PdfSigningInspection } from "./inspect-pdf.js";
export { signPdf, type SignPdfOptions } from "./sign-pdf.js";
