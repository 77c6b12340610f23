import { beforeAll, describe, expect, it } from "vitest";
import { signPdf } from "../../shared/src/signatures/pades/index.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { renderPage } from "./support/render-page.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let unsigned: Uint8Array;
const box = [300, 60, 220, 70] as const;

beforeAll(async () => {
  pki = await loadSoftwarePki();
  unsigned = await makeTestPdf("three-pages");
});

describe("signature appearance, as poppler draws it", () => {
  it("draws the visible box on the chosen page only", async () => {
    const signed = await signPdf(unsigned, pki.signers.rsa, { appearance: { page: 2, rect: box } });
    expect(renderPage(signed, 2).darkPixelsIn(box)).toBeGreaterThan(200);
    expect(renderPage(signed, 1).darkPixelsIn(box)).toBe(0);
    expect(renderPage(signed, 3).darkPixelsIn(box)).toBe(0);
  });

  it("changes nothing on screen when invisible (the default)", async () => {
    const signed = await signPdf(unsigned, pki.signers.rsa);
    expect(renderPage(signed, 1).pixels).toEqual(renderPage(unsigned, 1).pixels);
  });

  it.each([
    ["a page that does not exist", { page: 4, rect: box }, "PDF_PAGE_OUT_OF_RANGE"],
    ["page zero", { page: 0, rect: box }, "PDF_PAGE_OUT_OF_RANGE"],
    ["a box outside the page", { page: 1, rect: [500, 800, 220, 70] }, "PDF_APPEARANCE_RECT_INVALID"],
    ["a box too small to read", { page: 1, rect: [10, 10, 5, 5] }, "PDF_APPEARANCE_RECT_INVALID"],
    ["a box with NaN", { page: 1, rect: [Number.NaN, 10, 200, 50] }, "PDF_APPEARANCE_RECT_INVALID"],
  ] as const)("refuses %s before signing", async (_name, appearance, code) => {
    const signer = pki.signers.rsa;
    const before = signer.signatures;
    await expect(signPdf(unsigned, signer, { appearance })).rejects.toMatchObject({ code });
    expect(signer.signatures).toBe(before);
  });
});
