import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../../shared/src/errors/index.js";
import type { Signer } from "../../shared/src/signatures/index.js";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { Pdfsig } from "./support/pdfsig.js";
import { TAMPER_CASES, type TamperContext } from "./support/tampered-pdfs.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let context: TamperContext;
let pdfsig: Pdfsig;

beforeAll(async () => {
  pki = await loadSoftwarePki();
  const signer = pki.signers.rsa;
  const other = pki.signers.secondHolder;
  const unsigned = await makeTestPdf("xref-table");
  const sign = (pdf: Uint8Array, signer: Signer, signingTime?: Date): Promise<Uint8Array> =>
    signPdf(pdf, signer, signingTime === undefined ? {} : { signingTime });
  context = {
    unsigned,
    signer,
    impostor: {
      certificate: signer.certificate,
      chain: signer.chain,
      keyAlgorithm: signer.keyAlgorithm,
      sign: (digest, algorithm) => other.sign(digest, algorithm),
    },
    sign,
    signed: await sign(unsigned, signer),
    otherSigned: await sign(unsigned, signer, new Date(Date.now() - 60_000)),
  };
  pdfsig = Pdfsig.create([pki.trustPem]);
});

afterAll(() => pdfsig?.dispose());

describe("the untouched signed PDF", () => {
  it("verifies, in verifyPdf and in pdfsig", async () => {
    const report = await verifyPdf(context.signed, { trustAnchors: [pki.trustPem] });
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(pdfsig.check(context.signed).signatures[0]?.signatureValidation).toBe("Signature is Valid.");
  });
});

describe("tampered and forged PDFs are rejected with the right code", () => {
  it.each(TAMPER_CASES.map((c) => [c.name, c] as const))("%s", async (_name, tamperCase) => {
    const pdf = await tamperCase.make(context);
    if (tamperCase.thrown === true) {
      const outcome = await verifyPdf(pdf, { trustAnchors: [pki.trustPem] }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isCnsBridgeError(outcome) ? outcome.code : outcome).toBe(tamperCase.expected);
    } else {
      const report = await verifyPdf(pdf, { trustAnchors: [pki.trustPem] });
      expect(report.valid).toBe(false);
      expect(report.signatures.flatMap((s) => s.errors.map((e) => e.code))).toContain(tamperCase.expected);
    }

    const { signatures, output } = pdfsig.check(pdf);
    if (tamperCase.pdfsig === "rejects") {
      expect(
        signatures.some((s) => s.signatureValidation === "Signature is Valid."),
        output,
      ).toBe(false);
    } else if (tamperCase.pdfsig === "partial") {
      // pdfsig checks the signed bytes only: it still calls the signature valid but sees the unsigned tail.
      expect(signatures[0]?.wholeDocument, output).toBe(false);
    }
  });

  it("covers at least ten distinct cases", () => {
    expect(TAMPER_CASES.length).toBeGreaterThanOrEqual(10);
  });
});
