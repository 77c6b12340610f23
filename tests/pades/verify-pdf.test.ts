import { beforeAll, describe, expect, it } from "vitest";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { writeIncrementalUpdate } from "../../shared/src/signatures/pades/incremental-update.js";
import { PdfFile } from "../../shared/src/signatures/pades/pdf-file.js";
import {
  asDict,
  asRef,
  PdfDict,
  PdfName,
  PdfRef,
  PdfString,
  type PdfValue,
} from "../../shared/src/signatures/pades/pdf-objects.js";
import { latin1Bytes, serializeValue } from "../../shared/src/signatures/pades/pdf-serialize.js";
import { loadSoftwarePki, type SoftwarePki, TEST_HOLDERS } from "../support/software-pki.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;

beforeAll(async () => {
  pki = await loadSoftwarePki();
});

describe("verifyPdf on PDFs signed by signPdf", () => {
  it("accepts one signature and reports the CNS holder", async () => {
    const signed = await signPdf(await makeTestPdf("xref-table"), pki.signers.rsa, {
      signingTime: new Date(),
    });
    const report = await verifyPdf(signed, { trustAnchors: [pki.trustPem] });
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(report).toMatchObject({ valid: true, format: "pades" });
    expect(report.signatures[0]).toMatchObject({
      valid: true,
      fieldName: "Signature1",
      coversWholeDocument: true,
      signer: {
        codiceFiscale: TEST_HOLDERS.first.codiceFiscale,
        givenName: TEST_HOLDERS.first.givenName,
        surname: TEST_HOLDERS.first.surname,
      },
    });
  });

  it("accepts two signatures on a PDF signed twice (xref streams, existing form, visible box)", async () => {
    const once = await signPdf(await makeTestPdf("with-form"), pki.signers.rsa);
    const twice = await signPdf(once, pki.signers.secondHolder, {
      appearance: { page: 1, rect: [300, 50, 220, 70] },
    });
    const report = await verifyPdf(twice, { trustAnchors: [pki.trustPem] });
    expect(report.signatures.map((s) => s.errors)).toEqual([[], []]);
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, true]);
    expect(report.signatures.map((s) => s.signer?.codiceFiscale)).toEqual([
      TEST_HOLDERS.first.codiceFiscale,
      TEST_HOLDERS.second.codiceFiscale,
    ]);
    expect(report.valid).toBe(true);
  });

  it("signs and verifies with EC keys and SHA-512", async () => {
    const signed = await signPdf(await makeTestPdf("three-pages"), pki.signers.ec, {
      digestAlgorithm: "SHA-512",
    });
    const report = await verifyPdf(signed, { trustAnchors: [pki.trustPem] });
    expect(report.signatures[0]?.errors).toEqual([]);
  });

  it.each([
    ["a signer under an untrusted root", "untrustedSigner", "SIG_CHAIN_UNTRUSTED"],
    ["an old-generation RSA-1024 key", "rsa1024", "SIG_KEY_TOO_WEAK"],
    ["an expired certificate", "expired", "SIG_CERT_NOT_VALID_AT_SIGNING_TIME"],
  ] as const)("reports %s", async (_name, variant, code) => {
    const signer = variant === "untrustedSigner" ? pki.untrustedSigner : pki.signers[variant];
    const signed = await signPdf(await makeTestPdf("xref-stream"), signer);
    const report = await verifyPdf(signed, { trustAnchors: [pki.trustPem] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.errors.map((e) => e.code)).toContain(code);
  });

  it("keeps a signature valid when a later revision only adds a /DSS (PAdES-LT style)", async () => {
    const signed = await signPdf(await makeTestPdf("xref-table"), pki.signers.rsa);
    const file = await PdfFile.open(signed);
    const root = asRef(file.trailer.get("Root"));
    const catalog = asDict(await file.resolve(root));
    const previous = file.sections[0];
    if (root === undefined || catalog === undefined || previous === undefined) throw new Error("unreadable");
    const dssNumber = file.size;
    const dss = new PdfDict([["Certs", []]]);
    const update = writeIncrementalUpdate(signed, previous, dssNumber + 1, [
      { objectNumber: dssNumber, generation: 0, body: latin1Bytes(serializeValue(dss)) },
      {
        objectNumber: root.objectNumber,
        generation: root.generation,
        body: latin1Bytes(serializeValue(catalog.copy().set("DSS", new PdfRef(dssNumber, 0)))),
      },
    ]);
    const withDss = new Uint8Array([...signed, ...update.appended]);
    const report = await verifyPdf(withDss, { trustAnchors: [pki.trustPem] });
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(report.signatures[0]?.coversWholeDocument).toBe(false);
  });

  it("leaves a later document timestamp out of the signatures and keeps the signature valid", async () => {
    const signed = await signPdf(await makeTestPdf("with-form"), pki.signers.rsa);
    const file = await PdfFile.open(signed);
    const catalog = asDict(await file.resolve(file.trailer.get("Root")));
    const formRef = asRef(catalog?.get("AcroForm"));
    const form = asDict(await file.resolve(formRef));
    const previous = file.sections[0];
    if (formRef === undefined || form === undefined || previous === undefined) throw new Error("unreadable");
    const [timestampNumber, fieldNumber] = [file.size, file.size + 1];
    const timestamp = new PdfDict([
      ["Type", new PdfName("DocTimeStamp")],
      ["SubFilter", new PdfName("ETSI.RFC3161")],
    ]);
    const field = new PdfDict([
      ["FT", new PdfName("Sig")],
      ["T", new PdfString(latin1Bytes("Timestamp1"), false)],
      ["V", new PdfRef(timestampNumber, 0)],
    ]);
    const fields = [...((await file.resolve(form.get("Fields"))) as PdfValue[]), new PdfRef(fieldNumber, 0)];
    const update = writeIncrementalUpdate(signed, previous, fieldNumber + 1, [
      { objectNumber: timestampNumber, generation: 0, body: latin1Bytes(serializeValue(timestamp)) },
      { objectNumber: fieldNumber, generation: 0, body: latin1Bytes(serializeValue(field)) },
      {
        objectNumber: formRef.objectNumber,
        generation: 0,
        body: latin1Bytes(serializeValue(form.copy().set("Fields", fields))),
      },
    ]);
    const report = await verifyPdf(new Uint8Array([...signed, ...update.appended]), {
      trustAnchors: [pki.trustPem],
    });
    expect(report.signatures.map((s) => [s.fieldName, s.errors])).toEqual([["Signature1", []]]);
  });
});
