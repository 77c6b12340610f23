import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectPdfForSigning, signPdf } from "../../shared/src/signatures/pades/index.js";
import { Pdfsig } from "./support/pdfsig.js";
import { loadSoftwarePki } from "../support/software-pki.js";
import type { SoftwareSigner } from "../support/software-signer.js";
import { makeTestPdf, type TestPdfKind } from "./support/test-pdfs.js";

let rsa: SoftwareSigner;
let ec: SoftwareSigner;
let pdfsig: Pdfsig;

beforeAll(async () => {
  const pki = await loadSoftwarePki();
  rsa = pki.signers.rsa;
  ec = pki.signers.ec;
  // Only the root is trusted; the intermediate travels in the CMS certificates.
  pdfsig = Pdfsig.create([pki.trustPem]);
});

afterAll(() => pdfsig?.dispose());

function expectPrefix(original: Uint8Array, signed: Uint8Array): void {
  expect(signed.length).toBeGreaterThan(original.length);
  expect(Buffer.from(signed.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
}

describe("signPdf, checked by poppler pdfsig", () => {
  it.each<[TestPdfKind, "RSA" | "EC"]>([
    ["xref-table", "RSA"],
    ["xref-stream", "RSA"],
    ["with-form", "EC"],
    ["three-pages", "EC"],
  ])("signs a %s PDF with %s as an appended revision pdfsig accepts", async (kind, key) => {
    const signer = key === "RSA" ? rsa : ec;
    const original = await makeTestPdf(kind);
    const signed = await signPdf(original, signer, { reason: "Prova", location: "Roma" });
    expectPrefix(original, signed);
    const { signatures, output } = pdfsig.check(signed);
    expect(signatures, output).toHaveLength(1);
    expect(signatures[0]?.signatureValidation, output).toBe("Signature is Valid.");
    expect(signatures[0]?.certificateValidation, output).toBe("Certificate is Trusted.");
    expect(signatures[0]?.subFilter, output).toBe("ETSI.CAdES.detached");
    expect(signatures[0]?.wholeDocument, output).toBe(true);
  });

  it("signs twice: two revisions, both signatures valid in pdfsig", async () => {
    const original = await makeTestPdf("with-form");
    const once = await signPdf(original, rsa);
    const twice = await signPdf(once, ec, { appearance: { page: 1, rect: [300, 50, 220, 70] } });
    expectPrefix(once, twice);
    const { signatures, output } = pdfsig.check(twice);
    expect(signatures, output).toHaveLength(2);
    for (const signature of signatures) {
      expect(signature.signatureValidation, output).toBe("Signature is Valid.");
      expect(signature.certificateValidation, output).toBe("Certificate is Trusted.");
    }
    expect(signatures[0]?.wholeDocument, output).toBe(false);
    expect(signatures[1]?.wholeDocument, output).toBe(true);
  });

  it.each(["RSA", "EC"] as const)(
    "sizes the %s placeholder from the key, with little zero padding",
    async (key) => {
      const signed = await signPdf(await makeTestPdf("xref-table"), key === "RSA" ? rsa : ec);
      const hex = /\/Contents <([0-9a-f]+)>/.exec(Buffer.from(signed).toString("latin1"))?.[1] ?? "";
      const der = Buffer.from(hex, "hex");
      expect([der[0], der[1]]).toEqual([0x30, 0x82]);
      // The DER's own length (long form, two length bytes for these sizes) says where the CMS ends.
      const cmsLength = 4 + der.readUInt16BE(2);
      const padding = der.length - cmsLength;
      expect(der.subarray(cmsLength).every((byte) => byte === 0)).toBe(true);
      // 32 bytes of slack, plus for ECDSA up to 9 bytes a shorter signature leaves unused.
      expect(padding).toBeGreaterThanOrEqual(32);
      expect(padding).toBeLessThanOrEqual(key === "RSA" ? 32 : 41);
    },
  );

  it("writes non-ASCII reason, location and contact as PDF text strings pdfsig accepts", async () => {
    const signed = await signPdf(await makeTestPdf("xref-stream"), rsa, {
      reason: "Approvazione dell'atto n° 5 — definitivo",
      location: "Forlì",
      contactInfo: "ufficio@example.it",
    });
    const text = Buffer.from(signed).toString("latin1");
    // The em dash is outside PDFDocEncoding's printable ASCII: UTF-16BE with a byte order mark.
    expect(text).toMatch(/\/Reason <feff[0-9a-f]+>/);
    const { signatures, output } = pdfsig.check(signed);
    expect(signatures[0]?.signatureValidation, output).toBe("Signature is Valid.");
  });

  it("supports SHA-384 and SHA-512", async () => {
    for (const digestAlgorithm of ["SHA-384", "SHA-512"] as const) {
      const signed = await signPdf(await makeTestPdf("xref-table"), rsa, { digestAlgorithm });
      const { signatures, output } = pdfsig.check(signed);
      expect(signatures[0]?.signatureValidation, output).toBe("Signature is Valid.");
    }
  });

  it("reports PDF/A as a warning and still signs", async () => {
    const pdf = await makeTestPdf("pdf-a");
    const inspection = await inspectPdfForSigning(pdf);
    expect(inspection.refusals).toEqual([]);
    expect(inspection.warnings.map((w) => w.code)).toEqual(["PDF_A_CONFORMANCE_AT_RISK"]);
  });
});
