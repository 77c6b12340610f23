import { createHash } from "node:crypto";
import {
  assertSignerAllowed,
  concatBytes,
  createCadesEnvelope,
  type DigestAlgorithm,
  type Signer,
} from "@cns-bridge/shared";
import { signPdfBytes } from "./sign-batch.js";

export interface SignDocumentBytesRequest {
  readonly format: "cades" | "pades";
  /** CAdES only: a detached `.p7s` instead of the enveloping `.p7m`. */
  readonly detached: boolean;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly content: Uint8Array;
}

const NODE_HASH: Record<DigestAlgorithm, string> = {
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

/**
 * Signs a small document held in memory (the socket's inline jobs) with the same CMS and PDF code
 * as the file path, so both make the same structures: no temp file, no streaming. Callers bound
 * the size (PROTOCOL_LIMITS.maxInlineBytes); the signer policy is checked as for a batch.
 */
export async function signDocumentBytes(
  signer: Signer,
  request: SignDocumentBytesRequest,
): Promise<Uint8Array> {
  await assertSignerAllowed(signer);
  if (request.format === "pades") {
    const { signed } = await signPdfBytes(signer, request.content, {
      digestAlgorithm: request.digestAlgorithm,
    });
    return signed;
  }
  const digest = new Uint8Array(
    createHash(NODE_HASH[request.digestAlgorithm]).update(request.content).digest(),
  );
  const options = { signer, digestAlgorithm: request.digestAlgorithm };
  if (request.detached) {
    const { prefix, suffix } = await createCadesEnvelope(digest, options);
    return concatBytes([prefix, suffix]);
  }
  const { prefix, suffix } = await createCadesEnvelope(digest, options, request.content.byteLength);
  return concatBytes([prefix, request.content, suffix]);
}
