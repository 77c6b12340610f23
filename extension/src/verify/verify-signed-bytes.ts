import {
  CnsBridgeError,
  concatBytes,
  createTrustList,
  decodeP7mText,
  digestBytes,
  type Language,
  looksLikeDer,
  parseSignedData,
  type SignerView,
  type TrustList,
  verifyCmsSignerInfos,
  verifyPdf,
} from "@cns-bridge/shared";

/** One signature as the Verifica tab explains it: who, when, intact or not, and whether the CA is trusted. */
export interface SignatureView {
  readonly signer: SignerView | null;
  readonly signingTime: string | null;
  readonly qualified: boolean;
  /** The signed bytes are unchanged and the signature value is right (everything but the trust in the CA). */
  readonly intact: boolean;
  /** The signer's certificate chains to one of the trusted CAs given. */
  readonly trusted: boolean;
  readonly problems: readonly { code: string; message: string }[];
}

export interface VerificationView {
  readonly format: "cades" | "pades";
  readonly signatures: readonly SignatureView[];
}

const UNTRUSTED = "SIG_CHAIN_UNTRUSTED";
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];

function view(
  signer: SignerView | null,
  signingTime: string | null,
  qualified: boolean,
  errors: readonly { code: string; message: string }[],
): SignatureView {
  const problems = errors.filter((error) => error.code !== UNTRUSTED);
  return {
    signer,
    signingTime,
    qualified,
    intact: problems.length === 0,
    trusted: errors.length === problems.length,
    problems,
  };
}

/**
 * Verifies a signed file held in memory with the shared verifiers (the same code as
 * `cns-agent verify`): a signed PDF (PAdES) or an enveloping `.p7m` (DER, PEM or Base64).
 * Trust in the CA is reported apart from integrity, since the trusted list is the caller's choice.
 */
export async function verifySignedBytes(
  bytes: Uint8Array,
  language: Language,
  trustList: TrustList = createTrustList([]),
): Promise<VerificationView> {
  if (PDF_MAGIC.every((byte, index) => bytes[index] === byte)) {
    const report = await verifyPdf(bytes, { trustAnchors: trustList });
    return {
      format: "pades",
      signatures: report.signatures.map((signature) =>
        view(signature.signer, signature.signingTime ?? null, signature.qualified, signature.errors),
      ),
    };
  }
  const der = looksLikeDer(bytes.subarray(0, 1)) ? bytes : decodeP7mText(new TextDecoder().decode(bytes));
  const parsed = await parseSignedData(der);
  const content = parsed.content;
  if (content === null) throw new CnsBridgeError("CMS_CONTENT_MISSING");
  const pieces: Uint8Array[] = [];
  for await (const range of content.ranges())
    pieces.push(der.subarray(range.offset, range.offset + range.length));
  const signedContent = concatBytes(pieces);
  const findings = await verifyCmsSignerInfos({
    signedData: parsed,
    trustList,
    profile: "cades",
    contentDigest: (algorithm) => digestBytes(algorithm, signedContent),
  });
  return {
    format: "cades",
    signatures: findings.map((finding) =>
      view(
        finding.signer,
        finding.signingTime?.toISOString() ?? null,
        finding.qualified,
        finding.errors.map((error) => ({ code: error.code, message: error.messageIn(language) })),
      ),
    ),
  };
}
