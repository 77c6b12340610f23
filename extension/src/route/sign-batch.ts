import { base64ToBytes, bytesToBase64, bytesToHex } from "@cns-bridge/shared";
import type { RuntimeMessage } from "../background/runtime-messages.js";
import { shareDocumentsForConsent, wantsPreview } from "../dialogs/consent-documents.js";

/** Sends a message to the background and returns its value (askBackground in the page). */
export type AskBackground = <T>(message: RuntimeMessage) => Promise<T>;

export interface DocumentToSign {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Signs the route's documents in one batch through the background's sign relay: one `sign:begin`
 * for all of them, so the holder sees one consent listing every document and types the PIN once.
 * The consent window previews the PDFs from the bytes this page holds, shared only until the
 * holder answers (as on the "Firma documenti" page). Answers the CAdES (.p7m) bytes, in the same order.
 */
export async function signDocumentsBatch(
  ask: AskBackground,
  documents: readonly DocumentToSign[],
  digest: (bytes: Uint8Array) => Promise<Uint8Array>,
  /** The request portal's origin: the consent window names it as the site the documents are for. */
  site: string,
): Promise<Uint8Array[]> {
  const files = await Promise.all(
    documents.map(async (d) => ({
      name: d.name,
      size: d.bytes.length,
      sha256: bytesToHex(await digest(d.bytes)),
    })),
  );
  const stopSharing = shareDocumentsForConsent(
    documents.flatMap((document, index) => {
      const sha256 = files[index]?.sha256;
      return sha256 !== undefined && wantsPreview(document, "cades")
        ? [{ sha256, data: document.bytes }]
        : [];
    }),
  );
  const jobs = await ask<{ jobId: string; chunkBytes: number }[]>({
    kind: "sign:begin",
    format: "cades",
    files,
    site,
  }).finally(stopSharing);
  const signed: Uint8Array[] = [];
  for (const [index, document] of documents.entries()) {
    const job = jobs[index];
    if (job === undefined) throw new Error("sign relay answered fewer jobs than documents");
    for (let offset = 0, seq = 0; offset < document.bytes.length; offset += job.chunkBytes, seq += 1) {
      const data = bytesToBase64(document.bytes.subarray(offset, offset + job.chunkBytes));
      await ask({ kind: "sign:chunk", jobId: job.jobId, seq, data });
    }
    const finish = await ask<{ chunkCount: number }>({ kind: "sign:finish", jobId: job.jobId });
    const parts: Uint8Array[] = [];
    for (let i = 0; i < finish.chunkCount; i += 1) {
      const piece = await ask<{ data: string }>({ kind: "sign:fetch", jobId: job.jobId, index: i });
      parts.push(base64ToBytes(piece.data, document.name));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    signed.push(out);
  }
  return signed;
}
