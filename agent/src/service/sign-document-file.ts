import type { Signer } from "@cns-bridge/shared";
import { signBatch } from "../signing/sign-batch.js";
import { signDocumentBytes } from "../signing/sign-document-bytes.js";
import type { SignBytesRequest, SignFileRequest } from "./agent-service.js";

/** The name the signed file is offered under: `x.pdf.p7m` / `x.pdf.p7s` for CAdES, unchanged for PAdES. */
export function signedOutputName(request: Pick<SignFileRequest, "fileName" | "format" | "detached">): string {
  if (request.format === "pades") return request.fileName;
  return `${request.fileName}${request.detached ? ".p7s" : ".p7m"}`;
}

/**
 * Signs one received document for the WebSocket service with the same batch code the CLI uses
 * (streaming CAdES, PAdES incremental update), so both paths make identical files.
 */
export async function signDocumentFile(
  request: SignFileRequest,
  signer: Signer,
): Promise<{ outputName: string }> {
  const [outcome] = await signBatch(
    signer,
    [{ input: request.inputPath, output: request.outputPath }],
    {
      format: request.format,
      cadesMode: { kind: "new", detached: request.detached },
      digestAlgorithm: request.digestAlgorithm,
    },
    () => undefined,
  );
  if (outcome?.error !== undefined) throw outcome.error;
  return { outputName: signedOutputName(request) };
}

/** Signs one small document held in memory (an inline job) with the same CMS and PDF code. */
export async function signDocumentInMemory(
  request: SignBytesRequest,
  signer: Signer,
): Promise<{ outputName: string; output: Uint8Array }> {
  const output = await signDocumentBytes(signer, request);
  return { outputName: signedOutputName(request), output };
}
