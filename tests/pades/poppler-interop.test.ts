import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { Pdfsig } from "./support/pdfsig.js";
import { PopplerSigner } from "./support/poppler-signer.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let poppler: PopplerSigner;
let pdfsig: Pdfsig;

beforeAll(async () => {
  pki = await loadSoftwarePki();
  poppler = PopplerSigner.create();
  pdfsig = Pdfsig.create([pki.trustPem, poppler.certificatePem]);
});

afterAll(() => {
  poppler?.dispose();
  pdfsig?.dispose();
});

describe("signatures made by poppler next to ours", () => {
  it("our signature, then poppler's: both verify in verifyPdf and in pdfsig", async () => {
    const ours = await signPdf(await makeTestPdf("with-form"), pki.signers.rsa);
    const both = poppler.sign(ours);
    expect(Buffer.from(both.subarray(0, ours.length)).equals(Buffer.from(ours))).toBe(true);
    const report = await verifyPdf(both, { trustAnchors: [pki.trustPem, poppler.certificatePem] });
    expect(report.signatures.map((s) => s.errors)).toEqual([[], []]);
    const { signatures, output } = pdfsig.check(both);
    expect(
      signatures.map((s) => s.signatureValidation),
      output,
    ).toEqual(["Signature is Valid.", "Signature is Valid."]);
  });

  it("poppler's signature, then ours: both verify", async () => {
    const theirs = poppler.sign(await makeTestPdf("xref-table"));
    const both = await signPdf(theirs, pki.signers.ec);
    const report = await verifyPdf(both, { trustAnchors: [pki.trustPem, poppler.certificatePem] });
    expect(report.signatures.map((s) => s.errors)).toEqual([[], []]);
    const { signatures, output } = pdfsig.check(both);
    expect(
      signatures.map((s) => s.signatureValidation),
      output,
    ).toEqual(["Signature is Valid.", "Signature is Valid."]);
    expect(
      signatures.map((s) => s.certificateValidation),
      output,
    ).toEqual(["Certificate is Trusted.", "Certificate is Trusted."]);
  });
});
