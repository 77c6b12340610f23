import { readFileSync } from "node:fs";
import { CnsBridgeError, errorCatalog } from "@cns-bridge/shared";
import pkcs11js from "pkcs11js";
import { describe, expect, it } from "vitest";
import { CKA, CKC, CKF_SESSION, CKF_TOKEN, CKK, CKM, CKO, CKU } from "./ck-constants.js";
import { CKR_ERROR_CODES } from "./ckr-error-codes.js";
import { CKR, type CkrName, ckrName } from "./ckr-values.js";
import { mapPkcs11Error } from "./map-pkcs11-error.js";
import { Pkcs11CallError } from "./pkcs11-call-error.js";

const library = pkcs11js as unknown as Record<string, unknown>;

describe("PKCS#11 constants", () => {
  it("every CKR value matches pkcs11js", () => {
    for (const [name, value] of Object.entries(CKR)) {
      expect(library[`CKR_${name}`], name).toBe(value);
    }
  });

  it("every CKA/CKO/CKK/CKC/CKM/CKU/CKF value matches pkcs11js", () => {
    const groups: [string, Record<string, number>][] = [
      ["CKA_", CKA],
      ["CKO_", CKO],
      ["CKK_", CKK],
      ["CKC_", CKC],
      ["CKM_", CKM],
      ["CKU_", CKU],
      ["CKF_", CKF_TOKEN],
      ["CKF_", CKF_SESSION],
    ];
    for (const [prefix, group] of groups) {
      for (const [name, value] of Object.entries(group)) {
        expect(library[`${prefix}${name}`], `${prefix}${name}`).toBe(value);
      }
    }
  });
});

describe("mapPkcs11Error", () => {
  for (const [name, code] of Object.entries(CKR_ERROR_CODES) as [CkrName, string][]) {
    it(`CKR_${name} -> ${code}`, () => {
      const error = mapPkcs11Error(new Pkcs11CallError(CKR[name], "C_Test"), {
        keyId: "01",
        mechanism: "CKM_X",
      });
      expect(error.code).toBe(code);
      for (const language of ["it", "en"] as const) {
        const message = error.messageIn(language);
        expect(message.length).toBeGreaterThan(10);
        expect(message, `${code} ${language}`).not.toMatch(/\{\w+\}/);
      }
    });
  }

  it("names an unmapped CKR in PKCS11_ERROR", () => {
    const error = mapPkcs11Error(new Pkcs11CallError(CKR.RANDOM_NO_RNG, "C_GenerateRandom"));
    expect(error.code).toBe("PKCS11_ERROR");
    expect(error.messageIn("it")).toContain("CKR_RANDOM_NO_RNG");
    expect(error.messageIn("en")).toContain("C_GenerateRandom");
  });

  it("names a vendor-defined CKR in hex", () => {
    expect(ckrName(0x80000123)).toBe("CKR_0x80000123");
    const error = mapPkcs11Error(new Pkcs11CallError(0x80000123, "C_Sign"));
    expect(error.code).toBe("PKCS11_ERROR");
    expect(error.messageIn("en")).toContain("CKR_0x80000123");
  });

  it("keeps a CnsBridgeError and codes anything else", () => {
    const original = new CnsBridgeError("KEY_NOT_FOUND", { keyId: "01" });
    expect(mapPkcs11Error(original)).toBe(original);
    for (const thrown of [new TypeError("boom"), "text", null, undefined, 42]) {
      expect(mapPkcs11Error(thrown).code).toBe("PKCS11_ERROR");
    }
  });

  it("the README's table says exactly what the mapping does", () => {
    const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
    const rows = [...readme.matchAll(/^\| CKR_(\w+)\s+\| (\w+)\s+\|$/gm)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(Object.fromEntries(rows)).toEqual(CKR_ERROR_CODES);
  });

  it("every mapped code is in the catalog with both languages", () => {
    for (const code of Object.values(CKR_ERROR_CODES)) {
      expect(errorCatalog[code].it.length).toBeGreaterThan(0);
      expect(errorCatalog[code].en.length).toBeGreaterThan(0);
    }
  });
});
