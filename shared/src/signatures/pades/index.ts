export { inspectPdfForSigning, type PdfSigningInspection } from "./inspect-pdf.js";
export { signPdf, type SignPdfOptions } from "./sign-pdf.js";
export type { PadesSignatureReport, PadesVerificationReport, SignatureError } from "./verification-report.js";
export { verifyPdf, type VerifyPdfOptions } from "./verify-pdf.js";
