import { CnsBridgeError } from "../../errors/index.js";

// The lowest layer of PDF syntax (ISO 32000-1 §7.2): character classes, tokens, keywords.

/** No single object we read needs more; a bigger one is a forged file or a waste of memory. */
export const MAX_STRING_BYTES = 1 << 24;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function isWhitespace(byte: number | undefined): boolean {
  return byte !== undefined && WHITESPACE.has(byte);
}

function isRegular(byte: number | undefined): boolean {
  return byte !== undefined && !WHITESPACE.has(byte) && !DELIMITERS.has(byte);
}

export function malformed(detail: string, position: number): CnsBridgeError {
  return new CnsBridgeError("PDF_MALFORMED", { detail: `${detail} at byte ${position}` });
}

export interface Parsed<T> {
  readonly value: T;
  /** Offset just past the parsed value. */
  readonly end: number;
}

export function skipWhitespaceAndComments(bytes: Uint8Array, position: number): number {
  let at = position;
  for (;;) {
    while (isWhitespace(bytes[at])) at++;
    if (bytes[at] !== 0x25) return at;
    while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
  }
}

/** Reads the regular characters at `position` (a keyword, a number or a name body). */
export function readToken(bytes: Uint8Array, position: number): Parsed<string> {
  let at = position;
  while (isRegular(bytes[at])) at++;
  let text = "";
  for (let i = position; i < at; i++) text += String.fromCharCode(bytes[i] ?? 0);
  return { value: text, end: at };
}

export function expectKeyword(bytes: Uint8Array, position: number, keyword: string): number {
  const at = skipWhitespaceAndComments(bytes, position);
  const token = readToken(bytes, at);
  if (token.value !== keyword) throw malformed(`expected "${keyword}"`, at);
  return token.end;
}
