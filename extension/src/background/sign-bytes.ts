import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  CnsBridgeError,
  PROTOCOL_LIMITS,
} from "@cns-bridge/shared";
import type { AgentConnection } from "../agent/agent-connection.js";

export interface SignedBytes {
  readonly name: string;
  readonly data: Uint8Array;
  readonly sha256: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));
}

/** The signing step takes long for big files on a card; chunks are quick. */
const FINISH_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Signs one document held in memory through the agent's protocol and checks that the signed
 * output that came back is whole (size and SHA-256 announced by `sign.finish`). A document of at
 * most PROTOCOL_LIMITS.maxInlineBytes goes inline in `sign.start` and its output usually comes
 * back in the finish reply (two round trips); a larger one goes in chunks and is fetched in pieces.
 */
export async function signBytes(
  connection: Pick<AgentConnection, "request">,
  job: { token: string; format: "cades" | "pades"; name: string; data: Uint8Array; sha256: string },
): Promise<SignedBytes> {
  const inline = job.data.length <= PROTOCOL_LIMITS.maxInlineBytes;
  const start = await connection.request("sign.start", {
    token: job.token,
    format: job.format,
    detached: false,
    digestAlgorithm: "SHA-256",
    certificate: "signature",
    fileName: job.name,
    size: job.data.length,
    sha256: job.sha256,
    ...(inline ? { content: bytesToBase64(job.data) } : {}),
  });
  const step = Math.min(start.chunkBytes, PROTOCOL_LIMITS.chunkBytes);
  try {
    for (let offset = 0, seq = 0; !inline && offset < job.data.length; offset += step, seq += 1) {
      const data = bytesToBase64(job.data.subarray(offset, offset + step));
      await connection.request("sign.chunk", { jobId: start.jobId, seq, data });
    }
    const finish = await connection.request("sign.finish", { jobId: start.jobId }, FINISH_TIMEOUT_MS);
    if (finish.data !== undefined) {
      const output = base64ToBytes(finish.data);
      if (output.length !== finish.outputSize || (await sha256Hex(output)) !== finish.sha256) {
        throw new CnsBridgeError("SIGNED_OUTPUT_MISMATCH", { name: finish.outputName });
      }
      return { name: finish.outputName, data: output, sha256: finish.sha256 };
    }
    const output = new Uint8Array(finish.outputSize);
    let written = 0;
    for (let index = 0; index < finish.chunkCount; index += 1) {
      const piece = base64ToBytes(
        (await connection.request("sign.fetch", { jobId: start.jobId, index })).data,
      );
      if (written + piece.length > output.length) break;
      output.set(piece, written);
      written += piece.length;
    }
    if (written !== finish.outputSize || (await sha256Hex(output)) !== finish.sha256) {
      throw new CnsBridgeError("SIGNED_OUTPUT_MISMATCH", { name: finish.outputName });
    }
    return { name: finish.outputName, data: output, sha256: finish.sha256 };
  } catch (error) {
    await connection.request("sign.cancel", { jobId: start.jobId }).catch(() => undefined);
    throw error;
  }
}
