import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeIncrementalUpdate } from "../../shared/src/signatures/pades/incremental-update.js";
import { signPdf, verifyPdf } from "../../shared/src/signatures/pades/index.js";
import { PdfFile } from "../../shared/src/signatures/pades/pdf-file.js";
import { asArray, asDict, asRef, PdfDict, PdfName } from "../../shared/src/signatures/pades/pdf-objects.js";
import { decodeStream } from "../../shared/src/signatures/pades/stream-filters.js";
import { loadSoftwarePki, type SoftwarePki } from "../support/software-pki.js";
import { makeTestPdf } from "./support/test-pdfs.js";

let pki: SoftwarePki;
let signed: Uint8Array;

beforeAll(async () => {
  pki = await loadSoftwarePki();
  const dir = mkdtempSync(join(tmpdir(), "cns-objstm-"));
  try {
    writeFileSync(join(dir, "in.pdf"), await makeTestPdf("xref-table"));
    // qpdf packs the page into a compressed object stream.
    execFileSync("qpdf", [
      "--object-streams=generate",
      "--compress-streams=y",
      join(dir, "in.pdf"),
      join(dir, "out.pdf"),
    ]);
    signed = await signPdf(new Uint8Array(readFileSync(join(dir, "out.pdf"))), pki.signers.rsa);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The first page's font (left in qpdf's object stream: signing rewrites the page, not its font). */
async function fontLocation(file: PdfFile): Promise<{ font: number; stream: number }> {
  const catalog = asDict(await file.resolve(file.trailer.get("Root")));
  const pages = asDict(await file.resolve(catalog?.get("Pages")));
  const page = asDict(await file.resolve(asArray(pages?.get("Kids"))?.[0]));
  const fonts = asDict(await file.resolve(asDict(await file.resolve(page?.get("Resources")))?.get("Font")));
  const font = asRef([...(fonts?.entries.values() ?? [])][0])?.objectNumber ?? -1;
  const entry = file.entry(font);
  if (entry?.kind !== "compressed") throw new Error("the font is not in an object stream");
  return { font, stream: entry.streamObject };
}

describe("shadow attack through an object stream", () => {
  it("reports a later revision that rewrites the object stream holding the page's font", async () => {
    const file = await PdfFile.open(signed);
    const { font, stream } = await fontLocation(file);
    const original = await file.getObject(stream);
    if (original.stream === undefined) throw new Error("no object stream");
    const members = Buffer.from(await decodeStream(original.stream)).toString("latin1");
    // Same length, so every member keeps its offset: only the font changes, and with it the glyphs.
    const forged = members.replace("/Helvetica", "/Symbol   ");
    expect(forged).not.toBe(members);
    const dict = new PdfDict(
      [...original.stream.dict.entries].filter(([key]) => key !== "Filter" && key !== "DecodeParms"),
    );
    const head = `<</Type /ObjStm /N ${String(dict.get("N"))} /First ${String(dict.get("First"))} /Length ${forged.length}>>\nstream\n`;
    const body = new Uint8Array(Buffer.from(`${head}${forged}\nendstream`, "latin1"));
    const previous = file.sections[0];
    if (previous === undefined) throw new Error("no xref");
    const update = writeIncrementalUpdate(signed, previous, file.size, [
      { objectNumber: stream, generation: 0, body },
    ]);
    const attacked = new Uint8Array([...signed, ...update.appended]);

    // The attack is real: a reader now sees another font.
    const reread = await PdfFile.open(attacked);
    const baseFont = asDict((await reread.getObject(font)).value)?.get("BaseFont");
    expect(baseFont).toEqual(new PdfName("Symbol"));

    const report = await verifyPdf(attacked, { trustAnchors: [pki.trustPem] });
    expect(report.valid).toBe(false);
    const finding = report.signatures[0]?.errors.find((e) => e.code === "PDF_MODIFIED_AFTER_SIGNING");
    expect(finding?.message).toContain(`object ${font} by rewriting object stream ${stream}`);
  });
});
