import { PdfDict, PdfName, type PdfValue } from "./pdf-objects.js";
import { latin1Bytes, serializeValue } from "./pdf-serialize.js";
import type { XrefSection } from "./pdf-xref.js";

/** One object of the new revision: its number and its full body (what goes between `obj` and `endobj`). */
export interface NewObject {
  readonly objectNumber: number;
  /** Kept when an existing object is replaced; 0 for new ones. */
  readonly generation: number;
  readonly body: Uint8Array;
}

export interface IncrementalUpdate {
  /** Only the appended bytes: the output file is `original` followed by these. */
  readonly appended: Uint8Array;
  /** Offset (in the whole output) of each new object's `n 0 obj`. */
  readonly objectOffsets: ReadonlyMap<number, number>;
}

/** Trailer keys that describe the previous cross-reference section itself, never carried over. */
const SECTION_KEYS = new Set([
  "Prev",
  "XRefStm",
  "Type",
  "W",
  "Index",
  "Filter",
  "DecodeParms",
  "Length",
  "Size",
]);

/**
 * Writes a new revision after `original` (ISO 32000-1 §7.5.6): the objects, a cross-reference
 * section of the same kind as the previous one (a table after a table, a stream after a
 * stream, so readers that need one kind never meet the other), and a trailer pointing back
 * with /Prev. The original bytes are never touched.
 */
export function writeIncrementalUpdate(
  original: Uint8Array,
  previous: XrefSection,
  size: number,
  objects: readonly NewObject[],
): IncrementalUpdate {
  const parts: Uint8Array[] = [];
  let position = original.length;
  const push = (bytes: Uint8Array): void => {
    parts.push(bytes);
    position += bytes.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(latin1Bytes("\n"));

  const objectOffsets = new Map<number, number>();
  const generations = new Map<number, number>();
  for (const object of objects) {
    objectOffsets.set(object.objectNumber, position);
    generations.set(object.objectNumber, object.generation);
    push(latin1Bytes(`${object.objectNumber} ${object.generation} obj\n`));
    push(object.body);
    push(latin1Bytes("\nendobj\n"));
  }

  const trailerEntries = [...previous.trailer.entries].filter(([key]) => !SECTION_KEYS.has(key));
  const xrefOffset = position;
  if (previous.kind === "table") {
    const newSize = Math.max(size, ...objects.map((o) => o.objectNumber + 1));
    const trailer = new PdfDict([["Size", newSize], ...trailerEntries, ["Prev", previous.offset]]);
    push(latin1Bytes(`${xrefTable(objectOffsets, generations)}trailer\n${serializeValue(trailer)}\n`));
  } else {
    const streamNumber = Math.max(size, ...objects.map((o) => o.objectNumber + 1));
    objectOffsets.set(streamNumber, xrefOffset);
    push(xrefStream(streamNumber, xrefOffset, objectOffsets, generations, trailerEntries, previous.offset));
    objectOffsets.delete(streamNumber);
  }
  push(latin1Bytes(`startxref\n${xrefOffset}\n%%EOF\n`));

  const appended = new Uint8Array(position - original.length);
  let at = 0;
  for (const part of parts) {
    appended.set(part, at);
    at += part.length;
  }
  return { appended, objectOffsets };
}

/** Consecutive object numbers grouped into subsections. */
function runs(numbers: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const group = groups[groups.length - 1];
    if (group !== undefined && group[group.length - 1] === n - 1) group.push(n);
    else groups.push([n]);
  }
  return groups;
}

function xrefTable(offsets: ReadonlyMap<number, number>, generations: ReadonlyMap<number, number>): string {
  let text = "xref\n";
  for (const group of runs([...offsets.keys()])) {
    text += `${group[0]} ${group.length}\n`;
    for (const n of group) {
      const generation = String(generations.get(n) ?? 0).padStart(5, "0");
      text += `${String(offsets.get(n)).padStart(10, "0")} ${generation} n\r\n`;
    }
  }
  return text;
}

function xrefStream(
  streamNumber: number,
  streamOffset: number,
  offsets: ReadonlyMap<number, number>,
  generations: ReadonlyMap<number, number>,
  trailerEntries: readonly (readonly [string, PdfValue])[],
  previousOffset: number,
): Uint8Array {
  const offsetWidth = Math.max(4, Math.ceil(Math.log2(streamOffset + 1) / 8));
  const groups = runs([...offsets.keys()]);
  const rowLength = 1 + offsetWidth + 2;
  const data = new Uint8Array(offsets.size * rowLength);
  let row = 0;
  for (const group of groups) {
    for (const n of group) {
      const base = row * rowLength;
      data[base] = 1;
      let offset = offsets.get(n) ?? 0;
      for (let i = offsetWidth; i >= 1; i--) {
        data[base + i] = offset % 256;
        offset = Math.floor(offset / 256);
      }
      const generation = generations.get(n) ?? 0;
      data[base + offsetWidth + 1] = generation >> 8;
      data[base + offsetWidth + 2] = generation & 0xff;
      row++;
    }
  }
  const dict = new PdfDict([
    ["Type", new PdfName("XRef")],
    ["Size", streamNumber + 1],
    ...trailerEntries,
    ["Prev", previousOffset],
    ["W", [1, offsetWidth, 2]],
    ["Index", groups.flatMap((group) => [group[0] ?? 0, group.length])],
    ["Length", data.length],
  ]);
  const head = latin1Bytes(`${streamNumber} 0 obj\n${serializeValue(dict)}\nstream\n`);
  const tail = latin1Bytes("\nendstream\nendobj\n");
  const out = new Uint8Array(head.length + data.length + tail.length);
  out.set(head, 0);
  out.set(data, head.length);
  out.set(tail, head.length + data.length);
  return out;
}
