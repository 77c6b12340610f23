import { CnsBridgeError, isCnsBridgeError } from "../../errors/index.js";
import { asArray, asInteger, isName, PdfDict } from "./pdf-objects.js";
import { parseIndirectObject, parseValue, skipWhitespaceAndComments } from "./pdf-syntax.js";
import { decodeStream } from "./stream-filters.js";

/** Where one object lives, as one cross-reference section says (ISO 32000-1 §7.5.4, §7.5.8). */
export type XrefEntry =
  | { readonly kind: "free" }
  | { readonly kind: "offset"; readonly offset: number; readonly generation: number }
  | { readonly kind: "compressed"; readonly streamObject: number; readonly index: number };

export interface XrefSection {
  /** Byte offset of `xref` or of the cross-reference stream object. */
  readonly offset: number;
  readonly kind: "table" | "stream";
  /** The trailer dictionary (for a stream: the stream's dictionary). */
  readonly trailer: PdfDict;
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** Offset just past the section (past the trailer, or past `endobj`). */
  readonly end: number;
}

/** Object numbers above this are forged: no real document has ten million objects. */
export const MAX_OBJECT_NUMBER = 10_000_000;
const MAX_SECTIONS = 4096;
const ENTRY_LINE = /^(\d{10}) (\d{5}) ([nf])$/;

function xrefError(detail: string, cause?: unknown): CnsBridgeError {
  return new CnsBridgeError("PDF_XREF_MALFORMED", { detail }, { cause });
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = Math.max(start, 0); i < Math.min(end, bytes.length); i++)
    text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}

/** The offset after the last `startxref` keyword near the end of the file. */
export function findStartXref(bytes: Uint8Array): number {
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = latin1(bytes, tailStart, bytes.length);
  const at = tail.lastIndexOf("startxref");
  if (at < 0) throw xrefError("no startxref near the end of the file");
  const match = /^startxref\s+(\d{1,15})\s/.exec(tail.slice(at));
  const offset = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length)
    throw xrefError("startxref points outside the file");
  return offset;
}

/** Every cross-reference section from the newest (at `startxref`) back along /Prev. */
export async function readXrefChain(
  bytes: Uint8Array,
  startOffset = findStartXref(bytes),
): Promise<XrefSection[]> {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = startOffset;
  while (offset !== undefined) {
    if (seen.has(offset)) throw xrefError("/Prev chain loops");
    if (sections.length >= MAX_SECTIONS) throw xrefError("too many revisions");
    seen.add(offset);
    const section = await readXrefSection(bytes, offset);
    sections.push(section);
    const prev = section.trailer.get("Prev");
    if (prev !== undefined && asInteger(prev) === undefined) throw xrefError("/Prev is not an offset");
    offset = asInteger(prev);
  }
  return sections;
}

export async function readXrefSection(bytes: Uint8Array, offset: number): Promise<XrefSection> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= bytes.length)
    throw xrefError("section offset outside the file");
  try {
    const at = skipWhitespaceAndComments(bytes, offset);
    if (latin1(bytes, at, at + 4) === "xref") return await readTableSection(bytes, offset, at + 4);
    return await readStreamSection(bytes, offset);
  } catch (error) {
    if (isCnsBridgeError(error, "PDF_XREF_MALFORMED")) throw error;
    const detail = isCnsBridgeError(error)
      ? String(error.params["detail"] ?? error.code)
      : "unreadable section";
    throw xrefError(`section at ${offset}: ${detail}`, error);
  }
}

async function readTableSection(
  bytes: Uint8Array,
  offset: number,
  afterKeyword: number,
): Promise<XrefSection> {
  const entries = new Map<number, XrefEntry>();
  let at = afterKeyword;
  for (;;) {
    at = skipWhitespaceAndComments(bytes, at);
    const lineEnd = findLineEnd(bytes, at);
    const line = latin1(bytes, at, lineEnd).trim();
    if (line.startsWith("trailer")) {
      const trailer = parseValue(bytes, at + "trailer".length);
      if (!(trailer.value instanceof PdfDict)) throw xrefError("trailer is not a dictionary");
      const dict = trailer.value;
      const xrefStm = asInteger(dict.get("XRefStm"));
      if (xrefStm !== undefined) {
        // A hybrid file (§7.5.8.4): the stream lists the objects the table leaves free.
        const hidden = await readStreamSection(bytes, xrefStm);
        for (const [num, entry] of hidden.entries)
          if (entries.get(num)?.kind !== "offset") entries.set(num, entry);
      }
      return { offset, kind: "table", trailer: dict, entries, end: trailer.end };
    }
    const header = /^(\d{1,10}) (\d{1,10})$/.exec(line);
    if (header === null) throw xrefError(`bad subsection header at ${at}`);
    const first = Number(header[1]);
    const count = Number(header[2]);
    // Each entry takes at least 18 bytes: a count the file cannot hold is forged.
    if (first + count > MAX_OBJECT_NUMBER || count * 18 > bytes.length - lineEnd)
      throw xrefError("subsection larger than the file");
    at = lineEnd;
    for (let i = 0; i < count; i++) {
      at = skipWhitespaceAndComments(bytes, at);
      const end = findLineEnd(bytes, at);
      const match = ENTRY_LINE.exec(latin1(bytes, at, end).trimEnd());
      if (match === null) throw xrefError(`bad entry for object ${first + i}`);
      const entryOffset = Number(match[1]);
      entries.set(
        first + i,
        match[3] === "f"
          ? { kind: "free" }
          : { kind: "offset", offset: entryOffset, generation: Number(match[2]) },
      );
      at = end;
    }
  }
}

function findLineEnd(bytes: Uint8Array, position: number): number {
  let at = position;
  while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
  while (bytes[at] === 0x0a || bytes[at] === 0x0d) at++;
  return at;
}

async function readStreamSection(bytes: Uint8Array, offset: number): Promise<XrefSection> {
  const object = parseIndirectObject(bytes, offset);
  const stream = object.stream;
  if (stream === undefined || !isName(stream.dict.get("Type"), "XRef"))
    throw xrefError(`no xref table or stream at ${offset}`);
  const dict = stream.dict;
  const size = asInteger(dict.get("Size"), MAX_OBJECT_NUMBER);
  const widths = asArray(dict.get("W"))?.map((w) => asInteger(w, 8));
  if (size === undefined || widths?.length !== 3 || widths.some((w) => w === undefined))
    throw xrefError("bad /Size or /W");
  const [w0, w1, w2] = widths as [number, number, number];
  const rowLength = w0 + w1 + w2;
  if (rowLength === 0) throw xrefError("empty /W");
  const indexValue = asArray(dict.get("Index")) ?? [0, size];
  if (indexValue.length % 2 !== 0) throw xrefError("odd /Index");
  const data = await decodeStream(stream);
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let i = 0; i < indexValue.length; i += 2) {
    const first = asInteger(indexValue[i], MAX_OBJECT_NUMBER);
    const count = asInteger(indexValue[i + 1], MAX_OBJECT_NUMBER);
    if (first === undefined || count === undefined || first + count > MAX_OBJECT_NUMBER)
      throw xrefError("bad /Index");
    if ((row + count) * rowLength > data.length) throw xrefError("stream shorter than its /Index");
    for (let n = 0; n < count; n++, row++) {
      const base = row * rowLength;
      const type = w0 === 0 ? 1 : readField(data, base, w0);
      const field2 = readField(data, base + w0, w1);
      const field3 = readField(data, base + w0 + w1, w2);
      if (type === 0) entries.set(first + n, { kind: "free" });
      else if (type === 1) entries.set(first + n, { kind: "offset", offset: field2, generation: field3 });
      else if (type === 2)
        entries.set(first + n, { kind: "compressed", streamObject: field2, index: field3 });
      // Other types are reserved: §7.5.8.3 says to treat them as references to null.
    }
  }
  return { offset, kind: "stream", trailer: dict, entries, end: object.end };
}

function readField(data: Uint8Array, start: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (data[start + i] ?? 0);
  return value;
}
