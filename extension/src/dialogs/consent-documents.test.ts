import { afterEach, describe, expect, it } from "vitest";
import {
  CONSENT_DOCUMENTS_CHANNEL,
  requestDocumentForConsent,
  shareDocumentsForConsent,
  wantsPreview,
} from "./consent-documents.js";

const bytes = new TextEncoder().encode("%PDF-1.7 domanda");
const sha256 = "a".repeat(64);

describe("the consent window's documents, over the extension's own BroadcastChannel", () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it("hands the consent window the bytes it asks for by SHA-256", async () => {
    stops.push(shareDocumentsForConsent([{ sha256, data: bytes }]));
    const blob = await requestDocumentForConsent(sha256, 2000);
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(bytes);
  });

  it("answers nothing for a document it does not hold", async () => {
    stops.push(shareDocumentsForConsent([{ sha256, data: bytes }]));
    await expect(requestDocumentForConsent("b".repeat(64), 300)).resolves.toBeNull();
  });

  it("stops answering once the holder has answered the consent", async () => {
    const stop = shareDocumentsForConsent([{ sha256, data: new Blob([bytes]) }]);
    stop();
    await expect(requestDocumentForConsent(sha256, 300)).resolves.toBeNull();
  });

  it("ignores malformed messages on the channel", async () => {
    stops.push(shareDocumentsForConsent([{ sha256, data: bytes }]));
    const stranger = new BroadcastChannel(CONSENT_DOCUMENTS_CHANNEL);
    stops.push(() => stranger.close());
    stranger.postMessage({ kind: "consent-document:request", sha256, extra: true });
    stranger.postMessage("consent-document:request");
    // A reply with no Blob is not a document: the requester keeps waiting and times out.
    const forged = new BroadcastChannel(CONSENT_DOCUMENTS_CHANNEL);
    stops.push(() => forged.close());
    forged.onmessage = () =>
      forged.postMessage({ kind: "consent-document:reply", sha256: "c".repeat(64), data: "not bytes" });
    await expect(requestDocumentForConsent("c".repeat(64), 300)).resolves.toBeNull();
  });

  it("previews PDFs by name, and every file of a PAdES batch", () => {
    expect(wantsPreview({ name: "domanda.PDF" }, "cades")).toBe(true);
    expect(wantsPreview({ name: "domanda.txt" }, "cades")).toBe(false);
    expect(wantsPreview({ name: "domanda" }, "pades")).toBe(true);
  });
});
