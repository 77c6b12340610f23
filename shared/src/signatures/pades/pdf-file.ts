import { CnsBridgeError } from "../../errors/index.js";
import { asInteger, isName, type PdfDict, PdfRef, type PdfStream, type PdfValue } from "./pdf-objects.js";
import { parseIndirectObject, parseValue } from "./pdf-syntax.js";
import { decodeStream } from "./stream-filters.js";
import { readXrefChain, type XrefEntry, type XrefSection } from "./pdf-xref.js";

export interface PdfObject {
  readonly value: PdfValue;
  readonly stream?: PdfStream;
}

const MAX_REFERENCE_HOPS = 32;

/**
 * A PDF as one revision sees it: the cross-reference sections from that revision back to the
 * first, newest entry winning. Objects are read lazily from their offsets or object streams.
 */
export class PdfFile {
  private readonly entries = new Map<number, XrefEntry>();
  private readonly objectStreams = new Map<number, Promise<Map<number, PdfValue>>>();

  private constructor(
    readonly bytes: Uint8Array,
    /** Newest first. */
    readonly sections: readonly XrefSection[],
  ) {
    for (const section of [...sections].reverse())
      for (const [num, entry] of section.entries) this.entries.set(num, entry);
  }

  static async open(bytes: Uint8Array): Promise<PdfFile> {
    return new PdfFile(bytes, await readXrefChain(bytes));
  }

  /** The same file as it was when the section `sections[index]` was the newest. */
  atSection(index: number): PdfFile {
    return new PdfFile(this.bytes, this.sections.slice(index));
  }

  get trailer(): PdfDict {
    const newest = this.sections[0];
    if (newest === undefined)
      throw new CnsBridgeError("PDF_XREF_MALFORMED", { detail: "no cross-reference section" });
    return newest.trailer;
  }

  /** One more than the highest object number in use (the trailer's /Size, checked against the entries). */
  get size(): number {
    let size = asInteger(this.trailer.get("Size")) ?? 0;
    // A loop, not Math.max(...keys): a forged table with millions of entries would blow the stack.
    for (const objectNumber of this.entries.keys()) size = Math.max(size, objectNumber + 1);
    return size;
  }

  objectNumbers(): IterableIterator<number> {
    return this.entries.keys();
  }

  entry(objectNumber: number): XrefEntry | undefined {
    return this.entries.get(objectNumber);
  }

  async getObject(objectNumber: number): Promise<PdfObject> {
    const entry = this.entries.get(objectNumber);
    if (entry === undefined || entry.kind === "free") return { value: null };
    if (entry.kind === "offset") {
      const object = parseIndirectObject(this.bytes, entry.offset, (ref) => this.directLength(ref));
      if (object.ref.objectNumber !== objectNumber) {
        throw new CnsBridgeError("PDF_XREF_MALFORMED", {
          detail: `object ${objectNumber} is not at its offset`,
        });
      }
      return object.stream === undefined
        ? { value: object.value }
        : { value: object.value, stream: object.stream };
    }
    const members = await this.objectStream(entry.streamObject);
    return { value: members.get(objectNumber) ?? null };
  }

  /** Follows references until a direct value. */
  async resolve(value: PdfValue | undefined): Promise<PdfValue | undefined> {
    let current = value;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops >= MAX_REFERENCE_HOPS)
        throw new CnsBridgeError("PDF_MALFORMED", { detail: "reference chain too long" });
      current = (await this.getObject(current.objectNumber)).value;
    }
    return current;
  }

  private directLength(ref: PdfRef): number | undefined {
    const entry = this.entries.get(ref.objectNumber);
    if (entry?.kind !== "offset") return undefined;
    const object = parseIndirectObject(this.bytes, entry.offset);
    return typeof object.value === "number" ? object.value : undefined;
  }

  private objectStream(streamObject: number): Promise<Map<number, PdfValue>> {
    let loaded = this.objectStreams.get(streamObject);
    if (loaded === undefined) {
      loaded = this.loadObjectStream(streamObject);
      this.objectStreams.set(streamObject, loaded);
    }
    return loaded;
  }

  private async loadObjectStream(streamObject: number): Promise<Map<number, PdfValue>> {
    const entry = this.entries.get(streamObject);
    if (entry?.kind !== "offset")
      throw new CnsBridgeError("PDF_XREF_MALFORMED", { detail: `object stream ${streamObject} missing` });
    const { stream } = parseIndirectObject(this.bytes, entry.offset, (ref) => this.directLength(ref));
    if (stream === undefined || !isName(stream.dict.get("Type"), "ObjStm")) {
      throw new CnsBridgeError("PDF_XREF_MALFORMED", {
        detail: `object ${streamObject} is not an object stream`,
      });
    }
    const data = await decodeStream(stream);
    const count = asInteger(stream.dict.get("N"), data.length);
    const first = asInteger(stream.dict.get("First"), data.length);
    if (count === undefined || first === undefined)
      throw new CnsBridgeError("PDF_MALFORMED", { detail: "bad object stream header" });
    const members = new Map<number, PdfValue>();
    let at = 0;
    const header = data.subarray(0, first);
    for (let i = 0; i < count; i++) {
      const num = parseValue(header, at);
      const offset = parseValue(header, num.end);
      at = offset.end;
      const objectNumber = asInteger(num.value);
      const relative = asInteger(offset.value, data.length - first);
      if (objectNumber === undefined || relative === undefined)
        throw new CnsBridgeError("PDF_MALFORMED", { detail: "bad object stream header" });
      members.set(objectNumber, parseValue(data, first + relative).value);
    }
    return members;
  }
}
