import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { looksLikePdf, type PdfJs, PreviewError, renderFirstPage } from "./pdf-first-page.js";

// pdf.js wants Promise.withResolvers (browsers have it; Node only from 22): the test's Node gets it here.
(Promise as unknown as { withResolvers?: unknown }).withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

const require = createRequire(import.meta.url);
/** The real pdf.js, its Node-compatible build, with its worker run in-process. */
async function loadRealPdfJs(): Promise<PdfJs> {
  const pdfjs = (await import(
    pathToFileURL(require.resolve("pdfjs-dist/legacy/build/pdf.mjs")).href
  )) as PdfJs & { GlobalWorkerOptions: { workerSrc: string } };
  pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(
    require.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs"),
  ).href;
  return pdfjs;
}

/** Never drawn into: every case here fails before rendering. */
const canvas = {} as HTMLCanvasElement;

async function failureOf(bytes: Uint8Array, load: () => Promise<PdfJs> = loadRealPdfJs): Promise<string> {
  const error = await renderFirstPage(bytes, canvas, 200, load).then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PreviewError);
  return (error as PreviewError).reason;
}

describe("the consent window's PDF preview when the PDF cannot be shown", () => {
  let plain: Uint8Array;
  let encrypted: Uint8Array;

  beforeAll(async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText("Domanda di rilascio", { x: 50, y: 780, size: 14, font });
    plain = await doc.save();
    // qpdf (a test dependency) protects it with an open password, as an office would.
    const dir = mkdtempSync(join(tmpdir(), "cns-bridge-preview-"));
    try {
      writeFileSync(join(dir, "plain.pdf"), plain);
      execFileSync("qpdf", ["--encrypt", "apertura", "proprietario", "256", "--", "plain.pdf", "enc.pdf"], {
        cwd: dir,
      });
      encrypted = new Uint8Array(readFileSync(join(dir, "enc.pdf")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says a password-protected PDF is encrypted", async () => {
    await expect(failureOf(encrypted)).resolves.toBe("encrypted");
  });

  it("says a damaged PDF is broken", async () => {
    const damaged = new TextEncoder().encode("%PDF-1.7\n1 0 obj <</Type /Catalog ");
    await expect(failureOf(damaged)).resolves.toBe("broken");
  });

  it("says a file that is not a PDF is not one, without loading pdf.js", async () => {
    let loaded = false;
    const load = async () => {
      loaded = true;
      return loadRealPdfJs();
    };
    await expect(failureOf(new TextEncoder().encode("Domanda di rilascio"), load)).resolves.toBe("not-pdf");
    expect(loaded).toBe(false);
  });

  it("says the preview is unavailable when pdf.js cannot be loaded", async () => {
    await expect(failureOf(plain, () => Promise.reject(new Error("chunk missing")))).resolves.toBe(
      "unavailable",
    );
  });

  it("finds the PDF header anywhere in the first 1024 bytes, as readers do", () => {
    const header = new TextEncoder().encode("%PDF-1.7");
    const late = new Uint8Array(1100);
    late.set(header, 1000);
    expect(looksLikePdf(late)).toBe(true);
    const tooLate = new Uint8Array(1100);
    tooLate.set(header, 1020);
    expect(looksLikePdf(tooLate)).toBe(false);
    expect(looksLikePdf(plain)).toBe(true);
  });
});
