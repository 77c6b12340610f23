import { CnsBridgeError, type ErrorCode, type ErrorParams } from "../../errors/index.js";
import { type CertificateInput, createTrustList, type TrustList } from "../../trust/index.js";
import { checkByteRange } from "./byte-range.js";
import { changesAfterSigning } from "./changes-after-signing.js";
import { parsePdfDate } from "./pdf-date.js";
import { PdfFile } from "./pdf-file.js";
import { asDict, isName, PdfString } from "./pdf-objects.js";
import { parseIndirectObject, isWhitespace } from "./pdf-syntax.js";
import { revisionEnds } from "./revisions.js";
import { decodeText, findSignatureFields, type SignatureField } from "./signature-fields.js";
import type { PadesSignatureReport, PadesVerificationReport, SignatureError } from "./verification-report.js";
import { verifyPadesCms } from "./verify-pades-cms.js";

export interface VerifyPdfOptions {
  /** The trust list, or the CA certificates (DER or PEM) to build it from. */
  readonly trustAnchors: TrustList | readonly CertificateInput[];
  /** Used when a signature has no readable /M. */
  readonly now?: Date;
}

const SUPPORTED_SUBFILTERS = new Set(["ETSI.CAdES.detached", "adbe.pkcs7.detached"]);

function finding(code: ErrorCode, params: ErrorParams = {}): SignatureError {
  return { code, message: new CnsBridgeError(code, params).message };
}

/**
 * Verifies every signature of a PDF: the /ByteRange covers the whole file but the signature's
 * own /Contents, up to the end of its revision; revisions added later only add signatures
 * (anything else is a modification after signing); then the CMS, certificate and chain.
 * Throws PDF_MALFORMED / PDF_XREF_MALFORMED when the file cannot be read, PDF_NOT_SIGNED when
 * it has no signature.
 */
export async function verifyPdf(
  pdfBytes: Uint8Array,
  options: VerifyPdfOptions,
): Promise<PadesVerificationReport> {
  const trustList =
    "anchors" in options.trustAnchors ? options.trustAnchors : createTrustList(options.trustAnchors);
  const file = await PdfFile.open(pdfBytes);
  if (file.trailer.get("Encrypt") !== undefined) throw new CnsBridgeError("PDF_ENCRYPTED");
  const catalog = asDict(await file.resolve(file.trailer.get("Root")));
  if (catalog === undefined) throw new CnsBridgeError("PDF_XREF_MALFORMED", { detail: "no catalog (/Root)" });
  // Document timestamps (ETSI EN 319 142-1 §5.4, /Type /DocTimeStamp) vouch for a time, not a
  // signer: they are not reported as signatures, and their revisions only add a field.
  const fields = (await findSignatureFields(file, catalog)).filter(
    (field) => !isName(field.dict.get("Type"), "DocTimeStamp"),
  );
  if (fields.length === 0) throw new CnsBridgeError("PDF_NOT_SIGNED");

  const signatures: PadesSignatureReport[] = [];
  for (const field of fields)
    signatures.push(await verifySignatureField(file, field, trustList, options.now ?? new Date()));
  return { valid: signatures.every((s) => s.valid), format: "pades", signatures };
}

async function verifySignatureField(
  file: PdfFile,
  field: SignatureField,
  trustList: TrustList,
  now: Date,
): Promise<PadesSignatureReport> {
  const bytes = file.bytes;
  const errors: SignatureError[] = [];
  const claimed = field.dict.get("M");
  const claimedTime = claimed instanceof PdfString ? parsePdfDate(decodeText(claimed)) : undefined;
  // Without a readable /M the certificate is checked now, and no signing time is reported.
  const signingTime = claimedTime ?? now;
  const base = {
    fieldName: field.fieldName,
    ...(claimedTime === undefined ? {} : { signingTime: claimedTime.toISOString() }),
  };
  const failed = (finding: SignatureError): PadesSignatureReport => ({
    ...base,
    valid: false,
    signer: null,
    qualified: false,
    coversWholeDocument: false,
    errors: [finding],
  });

  const subFilter = field.dict.get("SubFilter");
  if (!isName(subFilter) || !SUPPORTED_SUBFILTERS.has(subFilter.name)) {
    return failed(
      finding("PDF_SUBFILTER_UNSUPPORTED", { subFilter: isName(subFilter) ? subFilter.name : "none" }),
    );
  }
  const range = checkByteRange(bytes, field.dict, signatureDictSpan(file, field));
  if ("code" in range) return failed(finding(range.code, { detail: range.detail }));

  const ends = revisionEnds(bytes, file.sections);
  const revision = ends.find((r) => r.end === range.coveredEnd);
  const lastEnd = Math.max(...ends.map((r) => r.end));
  if (revision === undefined) {
    errors.push(
      finding("PDF_BYTE_RANGE_NOT_WHOLE_REVISION", {
        detail: `the signed bytes stop at ${range.coveredEnd}, not at the end of a revision`,
      }),
    );
  } else {
    const problems = await changesAfterSigning(file, revision.sectionIndex);
    if (problems.length > 0)
      errors.push(finding("PDF_MODIFIED_AFTER_SIGNING", { detail: problems.slice(0, 5).join("; ") }));
  }
  if (hasTrailingBytes(bytes, lastEnd)) {
    errors.push(
      finding("PDF_MODIFIED_AFTER_SIGNING", {
        detail: `${bytes.length - lastEnd} bytes follow the last revision`,
      }),
    );
  }

  const verdict = await verifyPadesCms(range.cms, range.signedBytes, {
    trustList,
    claimedSigningTime: signingTime,
    cadesProfile: subFilter.name === "ETSI.CAdES.detached",
    now,
  });
  errors.push(...verdict.errors);
  return {
    ...base,
    valid: errors.length === 0,
    signer: verdict.signer,
    qualified: verdict.qualified,
    coversWholeDocument: range.coveredEnd === bytes.length,
    errors,
  };
}

/** Where the signature dictionary sits in the file, so the /ByteRange gap can be pinned inside it. */
function signatureDictSpan(file: PdfFile, field: SignatureField): { start: number; end: number } | undefined {
  if (field.valueRef === undefined) return undefined;
  const entry = file.entry(field.valueRef.objectNumber);
  if (entry?.kind !== "offset") return undefined;
  try {
    return { start: entry.offset, end: parseIndirectObject(file.bytes, entry.offset).end };
  } catch {
    return undefined;
  }
}

function hasTrailingBytes(bytes: Uint8Array, lastEnd: number): boolean {
  for (let at = lastEnd; at < bytes.length; at++) if (!isWhitespace(bytes[at])) return true;
  return false;
}
