import { PdfString } from "./pdf-objects.js";
import { isWhitespace, malformed, MAX_STRING_BYTES, type Parsed } from "./pdf-lexer.js";

/** PDF strings (ISO 32000-1 §7.3.4): hexadecimal and literal, with their escapes, bounded in size. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

export function parseHexString(bytes: Uint8Array, position: number): Parsed<PdfString> {
  const digits: number[] = [];
  let at = position + 1;
  for (; at < bytes.length && bytes[at] !== 0x3e; at++) {
    const byte = bytes[at] ?? 0;
    if (isWhitespace(byte)) continue;
    const value = hexValue(byte);
    if (value < 0) throw malformed("bad hex string", at);
    digits.push(value);
    if (digits.length > 2 * MAX_STRING_BYTES) throw malformed("string too long", position);
  }
  if (at >= bytes.length) throw malformed("unterminated hex string", position);
  if (digits.length % 2 === 1) digits.push(0);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ((digits[2 * i] ?? 0) << 4) | (digits[2 * i + 1] ?? 0);
  return { value: new PdfString(out, true), end: at + 1 };
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

export function parseLiteralString(bytes: Uint8Array, position: number): Parsed<PdfString> {
  const out: number[] = [];
  let depth = 1;
  let at = position + 1;
  while (at < bytes.length) {
    const byte = bytes[at] ?? 0;
    at++;
    if (byte === 0x5c) {
      const next = bytes[at] ?? 0;
      at++;
      if (next in ESCAPES) out.push(ESCAPES[next] ?? 0);
      else if (next >= 0x30 && next <= 0x37) {
        let code = next - 0x30;
        for (let i = 0; i < 2 && (bytes[at] ?? 0) >= 0x30 && (bytes[at] ?? 0) <= 0x37; i++)
          code = code * 8 + (bytes[at++] ?? 0) - 0x30;
        out.push(code & 0xff);
      } else if (next === 0x0d) {
        if (bytes[at] === 0x0a) at++;
      } else if (next !== 0x0a) out.push(next);
    } else if (byte === 0x28) {
      depth++;
      out.push(byte);
    } else if (byte === 0x29) {
      depth--;
      if (depth === 0) return { value: new PdfString(Uint8Array.from(out), false), end: at };
      out.push(byte);
    } else out.push(byte);
    if (out.length > MAX_STRING_BYTES) throw malformed("string too long", position);
  }
  throw malformed("unterminated string", position);
}
