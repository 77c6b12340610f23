import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from "./pdf-objects.js";

/**
 * Writes PDF objects back as text. Output is Latin-1: every byte of a string is kept as is,
 * so a value read from the original file is written out unchanged.
 */
export function serializeValue(value: PdfValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return serializeNumber(value);
  if (value instanceof PdfName) return serializeName(value.name);
  if (value instanceof PdfRef) return `${value.objectNumber} ${value.generation} R`;
  if (value instanceof PdfString)
    return value.hex ? `<${bytesToHex(value.bytes)}>` : serializeLiteral(value.bytes);
  if (value instanceof PdfDict) {
    const parts = [...value.entries].map(([key, item]) => `${serializeName(key)} ${serializeValue(item)}`);
    return `<<${parts.join(" ")}>>`;
  }
  return `[${value.map(serializeValue).join(" ")}]`;
}

function serializeNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  // PDF has no exponent notation; four decimals are finer than any coordinate needs.
  return value.toFixed(4).replace(/\.?0+$/, "");
}

function serializeName(name: string): string {
  let out = "/";
  for (const char of name) {
    const code = char.charCodeAt(0);
    const plain = code > 0x20 && code < 0x7f && !"()<>[]{}/%#".includes(char);
    out += plain ? char : `#${code.toString(16).padStart(2, "0")}`;
  }
  return out;
}

function serializeLiteral(bytes: Uint8Array): string {
  let out = "(";
  for (const byte of bytes) {
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte === 0x0d) out += "\\r";
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A text string as PDF wants it (§7.9.2.2): PDFDocEncoding when Latin-1 suffices, else UTF-16BE with BOM. */
export function textString(text: string): PdfString {
  const latin1 = [...text].every((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) <= 0x7e);
  if (latin1) return new PdfString(latin1Bytes(text), false);
  const units = [0xfe, 0xff];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    units.push(unit >> 8, unit & 0xff);
  }
  return new PdfString(Uint8Array.from(units), true);
}

export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
