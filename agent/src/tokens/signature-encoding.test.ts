import {
  constants,
  createHash,
  generateKeyPairSync,
  privateEncrypt,
  verify as nodeVerify,
} from "node:crypto";
import { type DigestAlgorithm, isCnsBridgeError } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { toHex } from "./attribute-values.js";
import { buildDigestInfo, checkDigestLength } from "./digest-info.js";
import digestInfoVectors from "./vectors/digest-info.json" with { type: "json" };

describe("DigestInfo", () => {
  for (const vector of digestInfoVectors.vectors) {
    it(`matches RFC 8017 for ${vector.algorithm}`, () => {
      const digest = Uint8Array.from({ length: vector.digestLength }, (_, index) => index);
      const built = buildDigestInfo(digest, vector.algorithm as DigestAlgorithm);
      expect(toHex(built)).toBe(vector.prefix + toHex(digest));
    });

    it(`refuses a ${vector.algorithm} digest of the wrong length`, () => {
      for (const length of [0, vector.digestLength - 1, vector.digestLength + 1, 20]) {
        const attempt = () => checkDigestLength(new Uint8Array(length), vector.algorithm as DigestAlgorithm);
        expect(attempt).toThrow(expect.objectContaining({ code: "DIGEST_LENGTH_MISMATCH" }) as Error);
      }
    });
  }

  it("refuses algorithms it does not know, including prototype keys", () => {
    for (const algorithm of ["SHA-1", "MD5", "__proto__", "toString", ""]) {
      let caught: unknown;
      try {
        buildDigestInfo(new Uint8Array(32), algorithm as DigestAlgorithm);
      } catch (error) {
        caught = error;
      }
      expect(isCnsBridgeError(caught, "BAD_INPUT"), algorithm).toBe(true);
    }
  });

  it("signs like RSA-SHA256 when padded with PKCS#1 v1.5 (node:crypto as the oracle)", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const data = Buffer.from("cns-bridge");
    const digest = new Uint8Array(createHash("sha256").update(data).digest());
    // RSA_PKCS1_PADDING over the DigestInfo is exactly what CKM_RSA_PKCS computes.
    const signature = privateEncrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
      buildDigestInfo(digest, "SHA-256"),
    );
    expect(nodeVerify("sha256", data, publicKey, signature)).toBe(true);
  });
});
