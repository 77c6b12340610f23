import { base64ToBytes, bytesToBase64 } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import type { RuntimeMessage } from "../background/runtime-messages.js";
import { requestDocumentForConsent } from "../dialogs/consent-documents.js";
import { type AskBackground, signDocumentsBatch } from "./sign-batch.js";

const digest = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));

/** A sign relay that "signs" by prefixing 0xff to the received bytes, answered in 2-byte chunks. */
function fakeRelay(onBegin: (files: readonly { sha256: string }[]) => Promise<void> = async () => {}) {
  const messages: RuntimeMessage[] = [];
  const received = new Map<string, number[]>();
  const ask = (async (message: RuntimeMessage) => {
    messages.push(message);
    switch (message.kind) {
      case "sign:begin":
        await onBegin(message.files);
        return message.files.map((_, i) => ({ jobId: `j${i}`, chunkBytes: 3 }));
      case "sign:chunk":
        received.set(message.jobId, [...(received.get(message.jobId) ?? []), ...base64ToBytes(message.data)]);
        return {};
      case "sign:finish": {
        const out = [0xff, ...(received.get(message.jobId) ?? [])];
        return { chunkCount: Math.ceil(out.length / 2) };
      }
      case "sign:fetch": {
        const out = [0xff, ...(received.get(message.jobId) ?? [])];
        return { data: bytesToBase64(new Uint8Array(out.slice(message.index * 2, message.index * 2 + 2))) };
      }
      default:
        throw new Error(`unexpected ${message.kind}`);
    }
  }) as AskBackground;
  return { ask, messages };
}

describe("signing the route's documents in one batch", () => {
  it("asks once for all documents (one consent, one PIN) as CAdES and returns each signed output in order", async () => {
    const relay = fakeRelay();
    const signed = await signDocumentsBatch(
      relay.ask,
      [
        { name: "modulo-richiesta.pdf", bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7]) },
        { name: "condizioni.pdf", bytes: new Uint8Array([9, 8]) },
      ],
      digest,
      "https://portale.example.it",
    );
    const begins = relay.messages.filter((m) => m.kind === "sign:begin");
    expect(begins).toHaveLength(1);
    const begin = begins[0];
    if (begin?.kind !== "sign:begin") throw new Error("no begin");
    expect(begin.format).toBe("cades");
    expect(begin.site).toBe("https://portale.example.it");
    expect(begin.files.map((f) => [f.name, f.size])).toEqual([
      ["modulo-richiesta.pdf", 7],
      ["condizioni.pdf", 2],
    ]);
    expect(begin.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.map((s) => Array.from(s))).toEqual([
      [0xff, 1, 2, 3, 4, 5, 6, 7],
      [0xff, 9, 8],
    ]);
  });

  it("lets the consent window preview each PDF while the holder decides, and no longer afterwards", async () => {
    const previewed: (number[] | null)[] = [];
    let shas: string[] = [];
    const relay = fakeRelay(async (files) => {
      // What the consent window does while the relay waits for the holder's answer.
      shas = files.map((file) => file.sha256);
      for (const sha256 of shas) {
        const blob = await requestDocumentForConsent(sha256, 2000);
        previewed.push(blob === null ? null : Array.from(new Uint8Array(await blob.arrayBuffer())));
      }
    });
    await signDocumentsBatch(
      relay.ask,
      [
        { name: "modulo-richiesta.pdf", bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 1]) },
        { name: "condizioni.pdf", bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 2]) },
      ],
      digest,
      "https://portale.example.it",
    );
    expect(previewed).toEqual([
      [0x25, 0x50, 0x44, 0x46, 1],
      [0x25, 0x50, 0x44, 0x46, 2],
    ]);
    await expect(requestDocumentForConsent(shas[0] ?? "", 300)).resolves.toBeNull();
  });
});
