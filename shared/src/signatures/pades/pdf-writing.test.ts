import { describe, expect, it } from "vitest";
import { writeIncrementalUpdate } from "./incremental-update.js";
import { PdfFile } from "./pdf-file.js";
import { PdfDict, PdfName } from "./pdf-objects.js";
import { latin1Bytes, serializeValue } from "./pdf-serialize.js";
import { readXrefChain } from "./pdf-xref.js";

const encode = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

function tablePdf(): Uint8Array {
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const object of ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]) {
    offsets.push(body.length);
    body += `${offsets.length} 0 obj\n${object}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 3\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("")}`;
  body += `trailer\n<< /Size 3 /Root 1 0 R /ID [<01> <02>] >>\nstartxref\n${xref}\n%%EOF`;
  return encode(body);
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The same document with a Flate + PNG-Up-predicted cross-reference stream, as Acrobat and qpdf write them. */
async function predictedStreamPdf(): Promise<Uint8Array> {
  let body = "%PDF-1.5\n";
  const offsets: number[] = [];
  for (const object of ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]) {
    offsets.push(body.length);
    body += `${offsets.length} 0 obj\n${object}\nendobj\n`;
  }
  const xrefOffset = body.length;
  // Rows of [type, offset(2 bytes), gen], W [1 2 1], for objects 0..3 (3 is the stream itself).
  const rows = [
    [0, 0, 0, 255],
    [1, (offsets[0] ?? 0) >> 8, (offsets[0] ?? 0) & 255, 0],
    [1, (offsets[1] ?? 0) >> 8, (offsets[1] ?? 0) & 255, 0],
    [1, xrefOffset >> 8, xrefOffset & 255, 0],
  ];
  const predicted: number[] = [];
  rows.forEach((row, r) => {
    predicted.push(2); // PNG "Up"
    row.forEach((value, c) => predicted.push((value - (r > 0 ? (rows[r - 1]?.[c] ?? 0) : 0)) & 255));
  });
  const data = await deflate(Uint8Array.from(predicted));
  const head = `3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${data.length} >>\nstream\n`;
  const tail = `\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`;
  const out = new Uint8Array(body.length + head.length + data.length + tail.length);
  out.set(encode(body + head), 0);
  out.set(data, body.length + head.length);
  out.set(encode(tail), body.length + head.length + data.length);
  return out;
}

describe("cross-reference streams", () => {
  it("reads a Flate stream with a PNG predictor", async () => {
    const file = await PdfFile.open(await predictedStreamPdf());
    expect(file.sections[0]?.kind).toBe("stream");
    expect(((await file.resolve(file.trailer.get("Root"))) as PdfDict).get("Type")).toEqual(
      new PdfName("Catalog"),
    );
    expect(file.entry(0)).toEqual({ kind: "free" });
  });
});

/** A hybrid-reference file (§7.5.8.4): the table leaves object 3 free, the /XRefStm stream lists it. */
function hybridPdf(): Uint8Array {
  let body = "%PDF-1.5\n";
  const offsets: number[] = [];
  for (const object of [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [] /Count 0 >>",
    "<< /Hidden true >>",
  ]) {
    offsets.push(body.length);
    body += `${offsets.length} 0 obj\n${object}\nendobj\n`;
  }
  const third = offsets[2] ?? 0;
  const streamAt = body.length;
  const row = String.fromCharCode(1, third >> 8, third & 255, 0);
  body += `4 0 obj\n<< /Type /XRef /Size 5 /W [1 2 1] /Index [3 1] /Length 4 >>\nstream\n${row}\nendstream\nendobj\n`;
  const xref = body.length;
  const entry = (offset: number, type: string): string =>
    `${String(offset).padStart(10, "0")} 00000 ${type}\r\n`;
  body += `xref\n0 5\n0000000000 65535 f\r\n${entry(offsets[0] ?? 0, "n")}${entry(offsets[1] ?? 0, "n")}${entry(0, "f")}${entry(streamAt, "n")}`;
  body += `trailer\n<< /Size 5 /Root 1 0 R /XRefStm ${streamAt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return encode(body);
}

describe("hybrid-reference files", () => {
  it("finds objects that only the /XRefStm stream lists", async () => {
    const file = await PdfFile.open(hybridPdf());
    expect(((await file.getObject(3)).value as PdfDict).get("Hidden")).toBe(true);
  });
});

describe("writeIncrementalUpdate", () => {
  it.each([
    ["a cross-reference table", tablePdf, "table"],
    ["a cross-reference stream", predictedStreamPdf, "stream"],
  ] as const)("appends a revision after %s, of the same kind", async (_name, make, kind) => {
    const original = await make();
    const file = await PdfFile.open(original);
    const previous = file.sections[0];
    if (previous === undefined) throw new Error("no section");
    const catalog = ((await file.resolve(file.trailer.get("Root"))) as PdfDict).copy().set("Marked", true);
    const added = new PdfDict([["Hello", new PdfName("World")]]);
    const update = writeIncrementalUpdate(original, previous, file.size, [
      { objectNumber: 1, generation: 0, body: latin1Bytes(serializeValue(catalog)) },
      { objectNumber: file.size, generation: 0, body: latin1Bytes(serializeValue(added)) },
    ]);
    const output = new Uint8Array([...original, ...update.appended]);

    const sections = await readXrefChain(output);
    expect(sections).toHaveLength(2);
    expect(sections[0]?.kind).toBe(kind);
    expect(sections[0]?.trailer.get("Prev")).toBe(previous.offset);
    const reread = await PdfFile.open(output);
    expect(((await reread.resolve(reread.trailer.get("Root"))) as PdfDict).get("Marked")).toBe(true);
    expect(serializeValue((await reread.getObject(file.size)).value)).toBe(serializeValue(added));
    // The previous revision still reads as it was.
    expect(
      ((await reread.atSection(1).resolve(reread.trailer.get("Root"))) as PdfDict).get("Marked"),
    ).toBeUndefined();
    expect(reread.size).toBeGreaterThan(file.size);
  });

  it("keeps the trailer's /ID and /Root and drops the previous section's own keys", async () => {
    const original = tablePdf();
    const file = await PdfFile.open(original);
    const previous = file.sections[0];
    if (previous === undefined) throw new Error("no section");
    const update = writeIncrementalUpdate(original, previous, file.size, [
      { objectNumber: 3, generation: 0, body: latin1Bytes("null") },
    ]);
    const trailer = (await readXrefChain(new Uint8Array([...original, ...update.appended])))[0]?.trailer;
    expect(serializeValue(trailer ?? null)).toBe(
      "<</Size 4 /Root 1 0 R /ID [<01> <02>] /Prev " + String(previous.offset) + ">>",
    );
  });
});
