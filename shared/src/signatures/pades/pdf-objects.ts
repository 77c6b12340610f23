/**
 * The handful of PDF object types the PAdES code reads and writes (ISO 32000-1 §7.3).
 * Strings keep their raw bytes: a signature's /Contents is binary, and names and text that
 * we copy from the original file must come out exactly as they went in.
 */
export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly objectNumber: number,
    readonly generation: number,
  ) {}

  get key(): string {
    return `${this.objectNumber} ${this.generation}`;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    /** Written as `<hex>` rather than `(literal)`. */
    readonly hex: boolean,
  ) {}
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;

  constructor(entries: Iterable<readonly [string, PdfValue]> = []) {
    this.entries = new Map(entries);
  }

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }

  copy(): PdfDict {
    return new PdfDict(this.entries);
  }
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** A stream as found in the file: its dictionary and its still-encoded bytes. */
export interface PdfStream {
  readonly dict: PdfDict;
  readonly data: Uint8Array;
}

export function isName(value: PdfValue | undefined, name?: string): value is PdfName {
  return value instanceof PdfName && (name === undefined || value.name === name);
}

export function asDict(value: PdfValue | undefined): PdfDict | undefined {
  return value instanceof PdfDict ? value : undefined;
}

export function asRef(value: PdfValue | undefined): PdfRef | undefined {
  return value instanceof PdfRef ? value : undefined;
}

export function asArray(value: PdfValue | undefined): PdfValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A non-negative integer no larger than `max`, or undefined. */
export function asInteger(value: PdfValue | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max
    ? value
    : undefined;
}
