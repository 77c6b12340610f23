import { readFile } from "node:fs/promises";
import {
  CnsBridgeError,
  type DigestAlgorithm,
  digestAlgorithmFromOid,
  type Language,
  type SignatureFinding,
  type SignerView,
  type TrustList,
  verifyCmsSignerInfos,
  verifyPdf,
} from "@cns-bridge/shared";
import { openInputFile, openSignedFile, type OpenedFile } from "./open-signed-file.js";
import { type Digests, digestRanges, wholeSource } from "./stream-digests.js";

/** One signature as `cns-agent verify --json` prints it (the contract). */
export interface SignatureReport {
  readonly valid: boolean;
  readonly signer: SignerView | null;
  readonly signingTime?: string;
  readonly qualified: boolean;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  /** For a countersignature: the position (0-based) of the signature it countersigns. */
  readonly countersignatureOf?: number;
}

export interface VerificationReport {
  readonly valid: boolean;
  readonly format: "cades" | "pades";
  readonly signatures: readonly SignatureReport[];
}

export interface VerifyFileRequest {
  readonly input: string;
  /** The document of a detached `.p7s`. */
  readonly content?: string;
  readonly trustList: TrustList;
  readonly language: Language;
  readonly now?: Date;
}

/** PDFs are verified in memory by the PAdES verifier; beyond this they are refused. */
export const MAX_PDF_VERIFY_BYTES = 512 * 1024 * 1024;

/**
 * Verifies a signed file: a PDF (PAdES) or a `.p7m`/`.p7s` (CAdES; DER, PEM or Base64). The
 * CAdES content is streamed once through every digest algorithm the signatures use.
 */
export async function verifySignedFile(request: VerifyFileRequest): Promise<VerificationReport> {
  if (await isPdf(request.input)) {
    if (request.content !== undefined) throw new CnsBridgeError("CMS_CONTENT_UNEXPECTED");
    const file = await openInputFile(request.input);
    const size = file.source.size;
    await file.close();
    if (size > MAX_PDF_VERIFY_BYTES) throw new CnsBridgeError("PDF_MALFORMED", { detail: "file too large" });
    const report = await verifyPdf(new Uint8Array(await readFile(request.input)), {
      trustAnchors: request.trustList,
      ...(request.now === undefined ? {} : { now: request.now }),
    });
    return {
      valid: report.valid,
      format: "pades",
      signatures: report.signatures.map((signature) => ({
        valid: signature.valid,
        signer: signature.signer,
        ...(signature.signingTime === undefined ? {} : { signingTime: signature.signingTime }),
        qualified: signature.qualified,
        // The PAdES verifier renders its messages itself; codes are what scripts rely on.
        errors: signature.errors.map((error) => ({ code: error.code, message: error.message })),
      })),
    };
  }

  const signature = await openSignedFile(request.input);
  let detached: OpenedFile | undefined;
  try {
    const { parsed } = signature;
    if (parsed.content === null && request.content === undefined)
      throw new CnsBridgeError("CMS_CONTENT_MISSING");
    if (parsed.content !== null && request.content !== undefined)
      throw new CnsBridgeError("CMS_CONTENT_UNEXPECTED");
    if (parsed.signerInfoList.length === 0) throw new CnsBridgeError("CMS_NO_SIGNATURES");
    const content = parsed.content;
    if (content === null) detached = await openInputFile(request.content ?? "");
    const contentSource = detached?.source ?? signature.source;
    const ranges = () => (content === null ? wholeSource(contentSource) : content.ranges());
    let digests: Digests | undefined;
    const findings = await verifyCmsSignerInfos({
      signedData: parsed,
      trustList: request.trustList,
      profile: "cades",
      ...(request.now === undefined ? {} : { now: request.now }),
      contentDigest: async (algorithm: DigestAlgorithm) => {
        // One pass for every allowed algorithm the file mentions, on the first request.
        digests ??= await digestRanges(contentSource, ranges(), [
          algorithm,
          ...usedAlgorithms(parsed.digestAlgorithmOids),
        ]);
        const found =
          digests.get(algorithm) ?? (await digestRanges(contentSource, ranges(), [algorithm])).get(algorithm);
        if (found === undefined) throw new CnsBridgeError("INTERNAL");
        return found;
      },
    });
    const signatures = findings.map((finding) => toReport(finding, request.language));
    return { valid: signatures.every((s) => s.valid), format: "cades", signatures };
  } finally {
    await signature.close();
    await detached?.close();
  }
}

function usedAlgorithms(oids: readonly string[]): DigestAlgorithm[] {
  return oids.flatMap((oid) => {
    const algorithm = digestAlgorithmFromOid(oid);
    return algorithm === undefined ? [] : [algorithm];
  });
}

export function toReport(finding: SignatureFinding, language: Language): SignatureReport {
  return {
    valid: finding.valid,
    signer: finding.signer,
    ...(finding.signingTime === undefined ? {} : { signingTime: finding.signingTime.toISOString() }),
    qualified: finding.qualified,
    errors: finding.errors.map((error) => ({ code: error.code, message: error.messageIn(language) })),
    ...(finding.countersignatureOf === undefined ? {} : { countersignatureOf: finding.countersignatureOf }),
  };
}

async function isPdf(path: string): Promise<boolean> {
  const file = await openInputFile(path);
  try {
    const head = new TextDecoder("latin1").decode(await file.source.read(0, 1024));
    return head.includes("%PDF-");
  } finally {
    await file.close();
  }
}
