import { beforeAll, describe, expect, it } from "vitest";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { createTestPki, type TestPki } from "./support/test-pki.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let rsa: TestPki;
let ec: TestPki;

beforeAll(async () => {
  rsa = await createTestPki("RSA");
  ec = await createTestPki("EC");
});

describe("verifyPdf on PDFs signed by signPdf", () => {
  it("accepts one signature and reports the CNS holder", async () => {
    const signed = await signPdf(await makeTestPdf("xref-table"), rsa.signer, { signingTime: new Date() });
    const report = await verifyPdf(signed, { trustAnchors: [rsa.caPem] });
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(report).toMatchObject({ valid: true, format: "pades" });
    expect(report.signatures[0]).toMatchObject({
      valid: true,
      fieldName: "Signature1",
      coversWholeDocument: true,
      signer: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
    });
  });

  it("accepts two signatures on a PDF signed twice (xref streams, existing form, visible box)", async () => {
    const once = await signPdf(await makeTestPdf("with-form"), rsa.signer);
    const twice = await signPdf(once, ec.signer, { appearance: { page: 1, rect: [300, 50, 220, 70] } });
    const report = await verifyPdf(twice, { trustAnchors: [rsa.caPem, ec.caPem] });
    expect(report.signatures.map((s) => s.errors)).toEqual([[], []]);
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, true]);
    expect(report.valid).toBe(true);
  });

  it("reports an untrusted chain when the CA is not in the trust list", async () => {
    const signed = await signPdf(await makeTestPdf("xref-stream"), rsa.signer);
    const report = await verifyPdf(signed, { trustAnchors: [ec.caPem] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.errors.map((e) => e.code)).toEqual(["SIG_CHAIN_UNTRUSTED"]);
  });
});
