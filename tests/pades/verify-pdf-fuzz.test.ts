import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../../shared/src/errors/index.js";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let signed: Uint8Array;
let gap: { start: number; end: number };

beforeAll(async () => {
  pki = await loadSoftwarePki();
  signed = await signPdf(await makeTestPdf("xref-stream"), pki.signers.ec);
  const text = Buffer.from(signed).toString("latin1");
  const range = /\/ByteRange \[0 (\d+) (\d+)/.exec(text);
  gap = { start: Number(range?.[1]), end: Number(range?.[2]) };
});

describe("verifyPdf on randomly damaged signed PDFs", () => {
  it("never calls a file valid once a signed byte changed, and never fails with an uncoded error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(signed.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        async (at, byte, truncate) => {
          fc.pre(truncate || (byte !== signed[at] && (at < gap.start || at >= gap.end)));
          const damaged = truncate ? signed.slice(0, at) : signed.slice();
          if (!truncate) damaged[at] = byte;
          try {
            const report = await verifyPdf(damaged, { trustAnchors: [pki.trustPem] });
            expect(report.valid).toBe(false);
          } catch (error) {
            expect(isCnsBridgeError(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("survives any damage to /Contents with a report or a coded error", async () => {
    // The CMS certificates set is not signed (RFC 5652 §5.1): damaging the copy of the CA there
    // can leave a valid signature, so only the absence of uncoded failures is asserted here.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: gap.start + 1, max: gap.end - 2 }),
        fc.integer({ min: 0, max: 255 }),
        async (at, byte) => {
          const damaged = signed.slice();
          damaged[at] = byte;
          try {
            const report = await verifyPdf(damaged, { trustAnchors: [pki.trustPem] });
            expect(typeof report.valid).toBe("boolean");
          } catch (error) {
            expect(isCnsBridgeError(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
