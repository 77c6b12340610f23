import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectPdfForSigning, signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { Pdfsig } from "./support/pdfsig.js";
import { makeTestPdf, type TestPdfKind } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let dir: string;

beforeAll(async () => {
  pki = await loadSoftwarePki();
  dir = mkdtempSync(join(tmpdir(), "cns-qpdf-"));
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** qpdf exits 0 only without errors or warnings (2 = errors, 3 = warnings such as a repaired xref). */
function qpdfCheck(pdf: Uint8Array): { status: number | null; output: string } {
  const path = join(dir, `${Math.random().toString(16).slice(2)}.pdf`);
  writeFileSync(path, pdf);
  const result = spawnSync("qpdf", ["--check", path], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the revisions signPdf appends, checked by qpdf", () => {
  it.each<TestPdfKind>(["xref-table", "xref-stream", "with-form", "three-pages"])(
    "a %s PDF signed twice has a clean structure",
    async (kind) => {
      const once = await signPdf(await makeTestPdf(kind), pki.signers.rsa);
      const twice = await signPdf(once, pki.signers.ec, {
        appearance: { page: 1, rect: [300, 50, 200, 60] },
      });
      for (const pdf of [once, twice]) {
        const { status, output } = qpdfCheck(pdf);
        expect(status, output).toBe(0);
        expect(output).not.toMatch(/WARNING/);
        expect(output).toMatch(/No syntax or stream encoding errors found/);
      }
    },
  );

  it("flags a damaged cross-reference offset, so the check above can fail", async () => {
    const signed = await signPdf(await makeTestPdf("xref-table"), pki.signers.rsa);
    const text = Buffer.from(signed).toString("latin1");
    const entry = text.lastIndexOf(" 00000 n\r\n") - 10;
    const damaged = signed.slice();
    damaged.set(Buffer.from("0000000001", "latin1"), entry);
    expect(qpdfCheck(damaged).status).not.toBe(0);
  });
});

describe("PDFs written by qpdf, signed by us", () => {
  it.each([
    ["linearized", ["--linearize"]],
    ["with compressed object streams", ["--object-streams=generate", "--compress-streams=y"]],
  ])("signs a %s PDF twice; verifyPdf, pdfsig and qpdf agree", async (_name, qpdfArgs) => {
    const input = join(dir, "qpdf-in.pdf");
    const output = join(dir, "qpdf-out.pdf");
    writeFileSync(input, await makeTestPdf("with-form"));
    execFileSync("qpdf", [...qpdfArgs, input, output]);
    const rewritten = new Uint8Array(readFileSync(output));
    const twice = await signPdf(await signPdf(rewritten, pki.signers.rsa), pki.signers.ec);

    const report = await verifyPdf(twice, { trustAnchors: [pki.trustPem] });
    expect(report.signatures.map((s) => s.errors)).toEqual([[], []]);
    const pdfsig = Pdfsig.create([pki.trustPem]);
    try {
      const { signatures, output: text } = pdfsig.check(twice);
      expect(
        signatures.map((s) => s.signatureValidation),
        text,
      ).toEqual(["Signature is Valid.", "Signature is Valid."]);
    } finally {
      pdfsig.dispose();
    }
    expect(qpdfCheck(twice).status).toBe(0);
  });
});

describe("PDFs encrypted by qpdf", () => {
  it.each([
    ["RC4-128", ["--allow-weak-crypto", "--encrypt", "user", "owner", "128", "--use-aes=n", "--"]],
    ["AES-256", ["--encrypt", "", "owner", "256", "--"]],
  ])("refuses to sign or verify a %s encrypted PDF", async (_name, qpdfArgs) => {
    const input = join(dir, "plain.pdf");
    const output = join(dir, "encrypted.pdf");
    writeFileSync(input, await signPdf(await makeTestPdf("xref-table"), pki.signers.rsa));
    execFileSync("qpdf", [...qpdfArgs, input, output]);
    const encrypted = new Uint8Array(readFileSync(output));
    expect((await inspectPdfForSigning(encrypted)).refusals.map((r) => r.code)).toEqual(["PDF_ENCRYPTED"]);
    await expect(signPdf(encrypted, pki.signers.rsa)).rejects.toMatchObject({ code: "PDF_ENCRYPTED" });
    await expect(verifyPdf(encrypted, { trustAnchors: [pki.trustPem] })).rejects.toMatchObject({
      code: "PDF_ENCRYPTED",
    });
  });
});

describe("a signed PDF rewritten as a whole", () => {
  it("is rejected once qpdf rewrites it instead of appending", async () => {
    const input = join(dir, "signed.pdf");
    const output = join(dir, "rewritten.pdf");
    writeFileSync(input, await signPdf(await makeTestPdf("xref-table"), pki.signers.rsa));
    execFileSync("qpdf", ["--object-streams=generate", input, output]);
    const report = await verifyPdf(new Uint8Array(readFileSync(output)), { trustAnchors: [pki.trustPem] });
    expect(report.valid).toBe(false);
    const codes = report.signatures.flatMap((s) => s.errors.map((e) => e.code));
    expect(
      codes.some((code) => ["PDF_BYTE_RANGE_INVALID", "SIG_DIGEST_MISMATCH"].includes(code)),
      codes.join(),
    ).toBe(true);
  });
});
