import { describe, expect, it } from "vitest";
import { base64ToBytes } from "../encoding/base64.js";
import { isCnsBridgeError } from "../errors/index.js";
import { authTokenDigest, authTokenSignedData } from "./auth-token-data.js";
import { CHALLENGE_MAX_AGE_MS, createChallenge } from "./create-challenge.js";
import { MemoryNonceLedger } from "./nonce-ledger.js";
import { verifyAuthToken } from "./verify-auth-token.js";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isCnsBridgeError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

const wellFormed = {
  format: "cns-bridge:1",
  unverifiedCertificate: "MIIB",
  algorithm: "RS256",
  signature: "AAAA",
  appVersion: "0.1.0",
};

describe("createChallenge", () => {
  it("makes 256-bit random nonces that never repeat", () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createChallenge().nonce));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(base64ToBytes(nonce).byteLength).toBe(32);
  });
});

describe("auth token signed data", () => {
  it("is SHA-256(origin) || SHA-256(nonce)", async () => {
    const data = await authTokenSignedData("https://portale.example.it", "bm9uY2U=");
    const originHash = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode("https://portale.example.it")),
    );
    expect(data.byteLength).toBe(64);
    expect(data.subarray(0, 32)).toEqual(originHash);
  });

  it("differs for another origin or another nonce", async () => {
    const a = await authTokenDigest("https://a.example.it", "bm9uY2U=", "RS256");
    const b = await authTokenDigest("https://b.example.it", "bm9uY2U=", "RS256");
    const c = await authTokenDigest("https://a.example.it", "bm9uY2V=", "RS256");
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    expect((await authTokenDigest("https://a.example.it", "x", "RS384")).byteLength).toBe(48);
  });
});

describe("verifyAuthToken refuses before any crypto", () => {
  const challenge = createChallenge();
  const base = { expectedOrigin: "https://portale.example.it", nonce: challenge, trustedCAs: [] };

  it.each([
    ["null", null],
    ["a string", "token"],
    ["an empty object", {}],
    ["another format", { ...wellFormed, format: "web-eid:1" }],
    ["an unknown algorithm", { ...wellFormed, algorithm: "HS256" }],
    ["an extra field", { ...wellFormed, origin: "https://evil.example" }],
    ["an oversize certificate", { ...wellFormed, unverifiedCertificate: "A".repeat(20_000) }],
  ])("a token that is %s", async (_name, token) => {
    expect(await codeOf(verifyAuthToken({ ...base, token }))).toBe("AUTH_TOKEN_MALFORMED");
  });

  it("a challenge older than five minutes", async () => {
    const old = { nonce: challenge.nonce, issuedAt: Date.now() - CHALLENGE_MAX_AGE_MS - 1 };
    expect(await codeOf(verifyAuthToken({ ...base, nonce: old, token: wellFormed }))).toBe(
      "AUTH_TOKEN_CHALLENGE_EXPIRED",
    );
  });

  it("a certificate that is not DER", async () => {
    expect(await codeOf(verifyAuthToken({ ...base, token: wellFormed }))).toBe("AUTH_TOKEN_MALFORMED");
  });
});

describe("MemoryNonceLedger", () => {
  it("accepts a nonce once and forgets it after expiry", () => {
    const ledger = new MemoryNonceLedger();
    expect(ledger.consume("n1", 1_000, 0)).toBe(true);
    expect(ledger.consume("n1", 1_000, 10)).toBe(false);
    expect(ledger.consume("n1", 5_000, 2_000)).toBe(true);
  });
});
