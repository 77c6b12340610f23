import { PdfFile } from "../../../shared/src/signatures/pades/pdf-file.js";
import {
  writeIncrementalUpdate,
  type NewObject,
} from "../../../shared/src/signatures/pades/incremental-update.js";
import {
  asArray,
  asDict,
  asRef,
  type PdfDict,
  type PdfValue,
} from "../../../shared/src/signatures/pades/pdf-objects.js";
import { latin1Bytes, serializeValue } from "../../../shared/src/signatures/pades/pdf-serialize.js";

// What an attacker's editor does to a signed PDF, byte by byte or revision by revision.

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");
export const bytesOf = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, "latin1"));

export function byteRangeOf(pdf: Uint8Array): { at: number; values: number[]; raw: string } {
  const source = text(pdf);
  const at = source.lastIndexOf("/ByteRange [");
  // The padding spaces after "]" belong to the placeholder too.
  const raw = /\/ByteRange \[[^\]]*\] */.exec(source.slice(at))?.[0] ?? "";
  const values = (/\[([^\]]*)\]/.exec(raw)?.[1] ?? "").trim().split(/\s+/).map(Number);
  return { at, values, raw };
}

/** Rewrites the /ByteRange array in place, keeping its length so no offset moves. */
export function withByteRange(pdf: Uint8Array, values: readonly number[]): Uint8Array {
  const { at, raw } = byteRangeOf(pdf);
  const replacement = `/ByteRange [${values.join(" ")}]`;
  if (replacement.length > raw.length) throw new Error("byte range does not fit");
  const out = pdf.slice();
  out.set(bytesOf(replacement.padEnd(raw.length, " ")), at);
  return out;
}

export function replaceOnce(pdf: Uint8Array, from: string, to: string, fromEnd = false): Uint8Array {
  const source = text(pdf);
  const at = fromEnd ? source.lastIndexOf(from) : source.indexOf(from);
  if (at < 0 || to.length !== from.length) throw new Error(`cannot replace ${from}`);
  const out = pdf.slice();
  out.set(bytesOf(to), at);
  return out;
}

export function contentsSpan(pdf: Uint8Array): { start: number; end: number } {
  const [, length1, start2] = byteRangeOf(pdf).values;
  return { start: (length1 ?? 0) + 1, end: (start2 ?? 0) - 1 };
}

/** Appends a revision replacing or adding objects, as an attacker's editor would. */
export async function appendRevision(
  pdf: Uint8Array,
  build: (file: PdfFile) => Promise<{ objects: NewObject[]; size?: number }>,
): Promise<Uint8Array> {
  const file = await PdfFile.open(pdf);
  const { objects, size } = await build(file);
  const previous = file.sections[0];
  if (previous === undefined) throw new Error("no xref");
  const update = writeIncrementalUpdate(pdf, previous, size ?? file.size, objects);
  return new Uint8Array(Buffer.concat([pdf, update.appended]));
}

export async function firstPage(file: PdfFile): Promise<{ number: number; dict: PdfDict }> {
  const catalog = asDict(await file.resolve(file.trailer.get("Root")));
  const pages = asDict(await file.resolve(catalog?.get("Pages")));
  const ref = asRef(asArray(pages?.get("Kids"))?.[0]);
  const dict = asDict(await file.resolve(ref));
  if (ref === undefined || dict === undefined) throw new Error("no first page");
  return { number: ref.objectNumber, dict };
}

export function object(objectNumber: number, value: PdfValue): NewObject {
  return { objectNumber, generation: 0, body: latin1Bytes(serializeValue(value)) };
}

export function streamObject(objectNumber: number, content: string): NewObject {
  return {
    objectNumber,
    generation: 0,
    body: latin1Bytes(`<</Length ${content.length}>>\nstream\n${content}\nendstream`),
  };
}
