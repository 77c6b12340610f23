/**
 * How the consent window gets the bytes of a document it previews. The bytes stay wherever the
 * signing flow already holds them (the background for the page API and sign-and-attach, the
 * "Firma documenti" page for files streamed to the agent) and travel only over a BroadcastChannel,
 * which joins the extension's own pages and background (same origin) and nothing else: never a web
 * page, never the network. The consent window asks by SHA-256 and checks the bytes it gets against
 * the SHA-256 it shows, so the preview is always of the exact bytes the holder approves.
 */
export const CONSENT_DOCUMENTS_CHANNEL = "cns-bridge:consent-documents";

interface DocumentRequest {
  readonly kind: "consent-document:request";
  readonly sha256: string;
}

interface DocumentReply {
  readonly kind: "consent-document:reply";
  readonly sha256: string;
  readonly data: Blob;
}

/**
 * The two messages of the channel, checked field by field without a schema library: the consent
 * page must stay light (zod alone would weigh more than the whole page), and only the extension's
 * own pages can post here anyway.
 */
function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => own.includes(key));
}

function isRequest(value: unknown): value is DocumentRequest {
  return (
    hasExactly(value, ["kind", "sha256"]) &&
    value.kind === "consent-document:request" &&
    typeof value.sha256 === "string"
  );
}

function isReply(value: unknown): value is DocumentReply {
  return (
    hasExactly(value, ["kind", "sha256", "data"]) &&
    value.kind === "consent-document:reply" &&
    typeof value.sha256 === "string" &&
    value.data instanceof Blob
  );
}

/** The consent window previews a file when it is a PDF by name, or any file of a PAdES batch. */
export function wantsPreview(file: { readonly name: string }, format: "cades" | "pades"): boolean {
  return format === "pades" || /\.pdf$/i.test(file.name);
}

export interface SharedDocument {
  readonly sha256: string;
  readonly data: Blob | Uint8Array;
}

/** The channel constructor, a parameter so tests can hand in their own. */
export type OpenChannel = (name: string) => BroadcastChannel;
const openBroadcastChannel: OpenChannel = (name) => new BroadcastChannel(name);

/**
 * Answers the consent window's requests for `documents` until the returned function is called
 * (right after the holder's answer): after that the bytes are no longer reachable.
 */
export function shareDocumentsForConsent(
  documents: readonly SharedDocument[],
  open: OpenChannel = openBroadcastChannel,
): () => void {
  const bySha256 = new Map(documents.map((document) => [document.sha256, document.data]));
  const channel = open(CONSENT_DOCUMENTS_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    if (!isRequest(event.data)) return;
    const { sha256 } = event.data;
    const data = bySha256.get(sha256);
    if (data === undefined) return;
    const reply: DocumentReply = {
      kind: "consent-document:reply",
      sha256,
      data: data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>]),
    };
    channel.postMessage(reply);
  };
  return () => {
    channel.onmessage = null;
    channel.close();
  };
}

/**
 * The document with this SHA-256 from whoever holds it for the pending consent, or null when
 * nobody answers within `timeoutMs` (the request was answered or withdrawn meanwhile).
 */
export function requestDocumentForConsent(
  sha256: string,
  timeoutMs = 5000,
  open: OpenChannel = openBroadcastChannel,
): Promise<Blob | null> {
  const channel = open(CONSENT_DOCUMENTS_CHANNEL);
  return new Promise<Blob | null>((resolve) => {
    const finish = (value: Blob | null) => {
      clearTimeout(timer);
      channel.onmessage = null;
      channel.close();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    channel.onmessage = (event: MessageEvent) => {
      if (isReply(event.data) && event.data.sha256 === sha256) finish(event.data.data);
    };
    const request: DocumentRequest = { kind: "consent-document:request", sha256 };
    channel.postMessage(request);
  });
}
