import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../errors/index.js";
import { isPageApiAction, isPageApiReplyAction, PAGE_API_VERSION } from "./actions.js";
import { createCnsBridgeClient, type PageWindow } from "./client.js";
import { pageRequestSchema } from "./schemas.js";

const nonce = "q7t3Yk3c0yJX8lQm2cS0l1bD6mJq9kR4Xo1p2s3t4u8=";

/** A page window whose "extension" answers each posted request with `answer(request)`. */
function fakeWindow(
  answer: (request: Record<string, unknown>) => unknown,
): PageWindow & { posted: unknown[] } {
  const listeners = new Set<(event: MessageEvent) => void>();
  const self: PageWindow & { posted: unknown[] } = {
    posted: [],
    location: { origin: "https://portale.example.it" },
    postMessage(message) {
      self.posted.push(message);
      const reply = answer(message as Record<string, unknown>);
      if (reply === undefined) return;
      queueMicrotask(() => {
        for (const listener of [...listeners])
          listener({ source: self, origin: self.location.origin, data: reply } as unknown as MessageEvent);
      });
    },
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  return self;
}

describe("page API names", () => {
  it("tells actions from replies", () => {
    expect(isPageApiAction("cns-bridge:sign")).toBe(true);
    expect(isPageApiAction("cns-bridge:sign-success")).toBe(false);
    expect(isPageApiReplyAction("cns-bridge:sign-failure")).toBe(true);
    expect(isPageApiReplyAction("cns-bridge:format-success")).toBe(false);
    expect(isPageApiReplyAction(7)).toBe(false);
  });
});

describe("pageRequestSchema", () => {
  it("accepts a well-formed authenticate and refuses extra fields such as a page-chosen origin", () => {
    expect(
      pageRequestSchema.safeParse({ action: "cns-bridge:authenticate", requestId: "a1", nonce }).success,
    ).toBe(true);
    expect(
      pageRequestSchema.safeParse({
        action: "cns-bridge:authenticate",
        requestId: "a1",
        nonce,
        origin: "https://evil.example",
      }).success,
    ).toBe(false);
  });

  it.each([
    ["a short nonce", { action: "cns-bridge:authenticate", requestId: "a", nonce: "abcd" }],
    [
      "a path in a file name",
      { action: "cns-bridge:sign", requestId: "a", format: "cades", documents: [{ name: "../x", data: "" }] },
    ],
    ["no documents", { action: "cns-bridge:sign", requestId: "a", format: "pades", documents: [] }],
    [
      "bad base64",
      { action: "cns-bridge:sign", requestId: "a", format: "cades", documents: [{ name: "x", data: "%%%" }] },
    ],
    [
      "an unknown format",
      { action: "cns-bridge:sign", requestId: "a", format: "xades", documents: [{ name: "x", data: "" }] },
    ],
    ["a bad request id", { action: "cns-bridge:status", requestId: "a b" }],
    ["a reply action", { action: "cns-bridge:status-success", requestId: "a" }],
  ])("refuses %s", (_name, value) => {
    expect(pageRequestSchema.safeParse(value).success).toBe(false);
  });
});

describe("createCnsBridgeClient", () => {
  it("posts to its own origin and returns the auth token of the matching reply", async () => {
    const authToken = {
      format: "cns-bridge:1",
      unverifiedCertificate: "AAAA",
      algorithm: "RS256",
      signature: "AAAA",
      appVersion: "0.1.0",
    };
    const page = fakeWindow((request) => ({
      action: "cns-bridge:authenticate-success",
      requestId: request.requestId,
      version: PAGE_API_VERSION,
      authToken,
    }));
    const client = createCnsBridgeClient({ window: page });
    await expect(client.authenticate(nonce)).resolves.toEqual(authToken);
    expect(page.posted).toEqual([expect.objectContaining({ action: "cns-bridge:authenticate", nonce })]);
  });

  it("rebuilds a coded failure as CnsBridgeError", async () => {
    const page = fakeWindow((request) => ({
      action: "cns-bridge:sign-failure",
      requestId: request.requestId,
      version: PAGE_API_VERSION,
      error: { code: "CONSENT_REFUSED", message: "Firma rifiutata" },
    }));
    const client = createCnsBridgeClient({ window: page });
    const failure = await client
      .sign("cades", [{ name: "a.txt", data: new Uint8Array([1, 2, 3]) }])
      .catch((e) => e);
    expect(isCnsBridgeError(failure, "CONSENT_REFUSED")).toBe(true);
  });

  it("ignores replies for other requests and times out with PAGE_API_TIMEOUT", async () => {
    const page = fakeWindow(() => ({
      action: "cns-bridge:status-success",
      requestId: "someone-else",
      version: PAGE_API_VERSION,
      extensionVersion: "1",
      status: "no-token",
    }));
    const client = createCnsBridgeClient({ window: page, timeoutMs: 50 });
    const failure = await client.getCertificate().catch((e) => e);
    expect(isCnsBridgeError(failure, "PAGE_API_TIMEOUT")).toBe(true);
  });

  it("decodes signed files", async () => {
    const page = fakeWindow((request) => ({
      action: "cns-bridge:sign-success",
      requestId: request.requestId,
      version: PAGE_API_VERSION,
      documents: [{ name: "a.txt.p7m", data: "AQID", sha256: "0".repeat(64) }],
    }));
    const [signed] = await createCnsBridgeClient({ window: page }).sign("cades", [
      { name: "a.txt", data: new Uint8Array([9]) },
    ]);
    expect(signed?.name).toBe("a.txt.p7m");
    expect([...(signed?.data ?? [])]).toEqual([1, 2, 3]);
  });
});
