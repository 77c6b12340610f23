import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ecdsaDerToRaw, ecdsaRawToDer } from "./ecdsa-signature-value.js";
import ecdsaVectors from "./ecdsa-signature-value.vectors.json" with { type: "json" };

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replaceAll(" ", ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("ECDSA r||s to DER", () => {
  for (const vector of ecdsaVectors.vectors) {
    it(vector.name, () => {
      expect(toHex(ecdsaRawToDer(hex(vector.raw)))).toBe(vector.der);
    });
  }

  for (const vector of ecdsaVectors.hostile) {
    it(`refuses ${vector.name}`, () => {
      const raw = vector.rawLength === undefined ? hex(vector.raw ?? "") : new Uint8Array(vector.rawLength);
      expect(() => ecdsaRawToDer(raw)).toThrow(
        expect.objectContaining({ code: "SIGN_INPUT_REJECTED" }) as Error,
      );
    });
  }

  for (const curve of ["prime256v1", "secp384r1", "secp521r1"]) {
    it(`gives signatures node:crypto verifies as DER on ${curve}`, () => {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: curve });
      for (let round = 0; round < 20; round += 1) {
        const data = Buffer.from(`message ${round}`);
        const raw = nodeSign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
        const der = ecdsaRawToDer(raw);
        expect(nodeVerify("sha256", data, { key: publicKey, dsaEncoding: "der" }, der)).toBe(true);
      }
    });
  }
});

describe("ECDSA DER to r||s", () => {
  for (const vector of ecdsaVectors.vectors) {
    it(`inverts ${vector.name}`, () => {
      const raw = hex(vector.raw);
      expect(toHex(ecdsaDerToRaw(hex(vector.der), raw.byteLength / 2) ?? new Uint8Array())).toBe(toHex(raw));
    });
  }

  it("answers null for what is not an ECDSA-Sig-Value", () => {
    expect(ecdsaDerToRaw(hex("3003020101"), 32)).toBeNull();
    expect(ecdsaDerToRaw(hex("300602010102"), 32)).toBeNull();
    expect(ecdsaDerToRaw(hex("ff"), 32)).toBeNull();
  });
});
