import {
  CnsBridgeError,
  decodeP7mText,
  type DigestAlgorithm,
  parseSignedData,
  type SignerView,
  type TrustList,
  verifyCmsSignerInfos,
  verifyPdf,
} from "@cns-bridge/shared";

/** Signed request documents are a few hundred KB; anything bigger is not one of ours. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const ACCEPTED_CONTENT_TYPES = [
  "application/pdf",
  "application/pkcs7-mime",
  "application/x-pkcs7-mime",
  "application/pkcs7-signature",
  "application/octet-stream",
];

export interface ExpectedDocument {
  readonly bytes: Uint8Array;
  readonly title: string;
}

export interface AcceptedUpload {
  readonly format: "cades" | "pades";
  readonly signerCodiceFiscale: string;
}

interface SignatureFacts {
  readonly valid: boolean;
  readonly qualified: boolean;
  readonly signer: SignerView | null;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly notAfter?: Date;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i += 1) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

/** What the bytes are, from the bytes (the declared content type only has to be a plausible one). */
export function sniffUpload(bytes: Uint8Array, contentType: string | undefined): "pdf" | "der" | "text" {
  const declared = (contentType ?? "application/octet-stream").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!ACCEPTED_CONTENT_TYPES.includes(declared)) throw new CnsBridgeError("ROUTE_UPLOAD_TYPE");
  if (bytes.length > MAX_UPLOAD_BYTES) throw new CnsBridgeError("ROUTE_UPLOAD_TOO_LARGE", { limit: 20 });
  if (bytes.length < 16) throw new CnsBridgeError("ROUTE_UPLOAD_TYPE");
  if (startsWith(bytes, new TextEncoder().encode("%PDF-"))) return "pdf";
  if (bytes[0] === 0x30) return "der";
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 64));
  if (/^(-----BEGIN [A-Z0-9 ]+-----)?[\sA-Za-z0-9+/=]*$/.test(head)) return "text";
  throw new CnsBridgeError("ROUTE_UPLOAD_TYPE");
}

async function digest(algorithm: DigestAlgorithm, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, bytes.slice()));
}

async function verifyCades(
  der: Uint8Array,
  expected: ExpectedDocument,
  trustList: TrustList,
  now: Date,
): Promise<SignatureFacts[]> {
  let parsed;
  try {
    parsed = await parseSignedData(der);
  } catch {
    throw new CnsBridgeError("ROUTE_UPLOAD_NOT_SIGNED");
  }
  if (parsed.signerInfoList.length === 0) throw new CnsBridgeError("ROUTE_UPLOAD_NOT_SIGNED");
  if (parsed.content === null)
    throw new CnsBridgeError("ROUTE_UPLOAD_CONTENT_CHANGED", { title: expected.title });
  const pieces: Uint8Array[] = [];
  for await (const range of parsed.content.ranges())
    pieces.push(der.subarray(range.offset, range.offset + range.length));
  const content = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    content.set(piece, offset);
    offset += piece.length;
  }
  if (!sameBytes(content, expected.bytes)) {
    throw new CnsBridgeError("ROUTE_UPLOAD_CONTENT_CHANGED", { title: expected.title });
  }
  const findings = await verifyCmsSignerInfos({
    signedData: parsed,
    trustList,
    profile: "cades",
    now,
    contentDigest: (algorithm) => digest(algorithm, content),
  });
  return findings.map((f) => ({
    valid: f.valid,
    qualified: f.qualified,
    signer: f.signer,
    errors: f.errors.map((e) => ({ code: e.code, message: e.messageIn("it") })),
    ...(f.certificate === undefined ? {} : { notAfter: f.certificate.notAfter }),
  }));
}

async function verifyPades(
  pdf: Uint8Array,
  expected: ExpectedDocument,
  trustList: TrustList,
  now: Date,
): Promise<SignatureFacts[]> {
  // An incremental signature keeps the generated document byte for byte as its first revision.
  if (!startsWith(pdf, expected.bytes) || pdf.length === expected.bytes.length) {
    if (sameBytes(pdf, expected.bytes)) throw new CnsBridgeError("ROUTE_UPLOAD_NOT_SIGNED");
    throw new CnsBridgeError("ROUTE_UPLOAD_CONTENT_CHANGED", { title: expected.title });
  }
  const report = await verifyPdf(pdf, { trustAnchors: trustList, now });
  if (report.signatures.length === 0) throw new CnsBridgeError("ROUTE_UPLOAD_NOT_SIGNED");
  if (report.signatures.length !== 1 || report.signatures[0]?.coversWholeDocument !== true) {
    throw new CnsBridgeError("ROUTE_UPLOAD_CONTENT_CHANGED", { title: expected.title });
  }
  return report.signatures.map((s) => ({
    valid: s.valid,
    qualified: s.qualified,
    signer: s.signer,
    errors: s.errors,
  }));
}

/**
 * Accepts a signed document only when every signature is valid and qualified, every signer is
 * the logged-in holder, the certificate has not expired and the content is exactly the document
 * the portal generated. Otherwise throws the precise ROUTE_UPLOAD_* reason.
 */
export async function verifyUpload(options: {
  readonly bytes: Uint8Array;
  readonly contentType: string | undefined;
  readonly expected: ExpectedDocument;
  readonly holderCodiceFiscale: string;
  readonly trustList: TrustList;
  readonly now: Date;
}): Promise<AcceptedUpload> {
  const kind = sniffUpload(options.bytes, options.contentType);
  let facts: SignatureFacts[];
  let format: AcceptedUpload["format"];
  if (kind === "pdf") {
    format = "pades";
    facts = await verifyPades(options.bytes, options.expected, options.trustList, options.now);
  } else {
    format = "cades";
    let der = options.bytes;
    if (kind === "text") {
      try {
        der = decodeP7mText(new TextDecoder("latin1").decode(options.bytes));
      } catch {
        throw new CnsBridgeError("ROUTE_UPLOAD_TYPE");
      }
    }
    facts = await verifyCades(der, options.expected, options.trustList, options.now);
  }
  for (const fact of facts) {
    const expired = fact.notAfter !== undefined && fact.notAfter.getTime() < options.now.getTime();
    if (expired || fact.errors.some((e) => e.code === "SIG_CERT_NOT_VALID_AT_SIGNING_TIME")) {
      throw new CnsBridgeError("ROUTE_UPLOAD_CERTIFICATE_EXPIRED", {
        date: fact.notAfter?.toISOString().slice(0, 10) ?? "data non indicata",
      });
    }
    if (!fact.valid) {
      throw new CnsBridgeError("ROUTE_UPLOAD_SIGNATURE_INVALID", {
        detail: fact.errors.map((e) => e.message).join("; ") || "firma non valida",
      });
    }
    if (!fact.qualified) throw new CnsBridgeError("ROUTE_UPLOAD_NOT_QUALIFIED");
    const signer = fact.signer?.codiceFiscale ?? null;
    if (signer !== options.holderCodiceFiscale) {
      throw new CnsBridgeError("ROUTE_UPLOAD_WRONG_SIGNER", {
        signer: signer ?? "codice fiscale assente",
        holder: options.holderCodiceFiscale,
      });
    }
  }
  return { format, signerCodiceFiscale: options.holderCodiceFiscale };
}
