import { shareDocumentsForConsent, wantsPreview } from "../dialogs/consent-documents.js";
import type { CnsContext } from "./cns-context.js";
import { ensureLoggedIn } from "./pin-flow.js";
import { requireToken } from "./require-token.js";
import { sha256Hex, signBytes, type SignedBytes } from "./sign-bytes.js";

export interface DocumentInMemory {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * A batch signature as the holder sees it: one consent window listing every file (name, size,
 * SHA-256, format, page 1 of each PDF), then the PIN window if the session is closed, then each file signed in order.
 * Nothing reaches the agent's signing before the explicit click.
 */
export async function signDocuments(
  context: CnsContext,
  origin: string,
  format: "cades" | "pades",
  documents: readonly DocumentInMemory[],
  onProgress: (done: number) => void = () => undefined,
): Promise<SignedBytes[]> {
  requireToken(context.connection.status);
  const files = await Promise.all(
    documents.map(async (document) => ({
      name: document.name,
      size: document.data.length,
      sha256: await sha256Hex(document.data),
    })),
  );
  // The consent window previews PDFs from these very bytes, only while it is open.
  const stopSharing = shareDocumentsForConsent(
    documents.flatMap((document, index) => {
      const file = files[index];
      return file !== undefined && wantsPreview(document, format)
        ? [{ sha256: file.sha256, data: document.data }]
        : [];
    }),
  );
  try {
    await context.dialogs.ask({ kind: "consent", origin, format, files });
  } finally {
    stopSharing();
  }
  const token = await ensureLoggedIn(context, origin, "sign");
  const signed: SignedBytes[] = [];
  for (const [index, document] of documents.entries()) {
    const file = files[index];
    if (file === undefined) break;
    signed.push(
      await signBytes(context.connection, {
        token: token.serial,
        format,
        name: document.name,
        data: document.data,
        sha256: file.sha256,
      }),
    );
    onProgress(index + 1);
  }
  return signed;
}
