import { PdfDict, PdfName, PdfRef, type PdfStream, type PdfValue } from "./pdf-objects.js";
import { expectKeyword, malformed, type Parsed, readToken, skipWhitespaceAndComments } from "./pdf-lexer.js";
import { parseHexString, parseLiteralString } from "./pdf-strings.js";

export { expectKeyword, isWhitespace, type Parsed, skipWhitespaceAndComments } from "./pdf-lexer.js";

/**
 * A small, strict reader of PDF object syntax (ISO 32000-1 §7.2-7.3): enough for trailers,
 * cross-reference streams, object streams and the dictionaries a signature touches.
 * Hostile input ends in a coded error, never in a loop or a stack overflow.
 */
const MAX_DEPTH = 32;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function parseNumber(text: string, position: number): number {
  if (!NUMBER.test(text)) throw malformed(`unexpected token "${text.slice(0, 20)}"`, position);
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
    throw malformed("number out of range", position);
  return value;
}

const INTEGER = /^\d{1,15}$/;

/** After an integer, looks ahead for `gen R` to tell a reference from a plain number. */
function tryReference(bytes: Uint8Array, objectNumber: number, position: number): Parsed<PdfRef> | undefined {
  const genStart = skipWhitespaceAndComments(bytes, position);
  const gen = readToken(bytes, genStart);
  if (!INTEGER.test(gen.value)) return undefined;
  const rStart = skipWhitespaceAndComments(bytes, gen.end);
  const r = readToken(bytes, rStart);
  if (r.value !== "R") return undefined;
  return { value: new PdfRef(objectNumber, Number(gen.value)), end: r.end };
}

function parseName(bytes: Uint8Array, position: number): Parsed<PdfName> {
  const token = readToken(bytes, position + 1);
  const name = token.value.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return { value: new PdfName(name), end: token.end };
}

/** Parses one direct object at `position` (leading whitespace and comments allowed). */
export function parseValue(bytes: Uint8Array, position: number, depth = 0): Parsed<PdfValue> {
  if (depth > MAX_DEPTH) throw malformed("objects nested too deeply", position);
  const at = skipWhitespaceAndComments(bytes, position);
  const byte = bytes[at];
  if (byte === undefined) throw malformed("unexpected end of file", at);
  if (byte === 0x2f) return parseName(bytes, at);
  if (byte === 0x28) return parseLiteralString(bytes, at);
  if (byte === 0x3c && bytes[at + 1] === 0x3c) return parseDict(bytes, at, depth);
  if (byte === 0x3c) return parseHexString(bytes, at);
  if (byte === 0x5b) return parseArray(bytes, at, depth);
  const token = readToken(bytes, at);
  if (token.value === "") throw malformed(`unexpected character 0x${byte.toString(16)}`, at);
  if (token.value === "true") return { value: true, end: token.end };
  if (token.value === "false") return { value: false, end: token.end };
  if (token.value === "null") return { value: null, end: token.end };
  if (INTEGER.test(token.value)) {
    const reference = tryReference(bytes, Number(token.value), token.end);
    if (reference !== undefined) return reference;
  }
  return { value: parseNumber(token.value, at), end: token.end };
}

function parseArray(bytes: Uint8Array, position: number, depth: number): Parsed<PdfValue[]> {
  const items: PdfValue[] = [];
  let at = position + 1;
  for (;;) {
    at = skipWhitespaceAndComments(bytes, at);
    if (at >= bytes.length) throw malformed("unterminated array", position);
    if (bytes[at] === 0x5d) return { value: items, end: at + 1 };
    const item = parseValue(bytes, at, depth + 1);
    items.push(item.value);
    at = item.end;
  }
}

function parseDict(bytes: Uint8Array, position: number, depth: number): Parsed<PdfDict> {
  const dict = new PdfDict();
  let at = position + 2;
  for (;;) {
    at = skipWhitespaceAndComments(bytes, at);
    if (at >= bytes.length) throw malformed("unterminated dictionary", position);
    if (bytes[at] === 0x3e && bytes[at + 1] === 0x3e) return { value: dict, end: at + 2 };
    if (bytes[at] !== 0x2f) throw malformed("dictionary key is not a name", at);
    const key = parseName(bytes, at);
    const value = parseValue(bytes, key.end, depth + 1);
    dict.set(key.value.name, value.value);
    at = value.end;
  }
}

export interface IndirectObject {
  readonly ref: PdfRef;
  readonly value: PdfValue;
  readonly stream?: PdfStream;
  /** Offset just past `endobj` (or past the value when `endobj` is missing). */
  readonly end: number;
}

/**
 * Reads `n g obj ... endobj` at `offset`. A stream's length must be a direct integer or resolve
 * through `resolveLength`; its bytes must end with `endstream` where the length says.
 */
export function parseIndirectObject(
  bytes: Uint8Array,
  offset: number,
  resolveLength: (ref: PdfRef) => number | undefined = () => undefined,
): IndirectObject {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= bytes.length)
    throw malformed("object offset outside the file", offset);
  const numberToken = readToken(bytes, skipWhitespaceAndComments(bytes, offset));
  const genStart = skipWhitespaceAndComments(bytes, numberToken.end);
  const genToken = readToken(bytes, genStart);
  if (!INTEGER.test(numberToken.value) || !INTEGER.test(genToken.value))
    throw malformed("expected an object header", offset);
  const afterObj = expectKeyword(bytes, genToken.end, "obj");
  const ref = new PdfRef(Number(numberToken.value), Number(genToken.value));
  const parsed = parseValue(bytes, afterObj);
  const next = skipWhitespaceAndComments(bytes, parsed.end);
  const keyword = readToken(bytes, next);
  if (keyword.value === "stream" && parsed.value instanceof PdfDict) {
    const stream = readStreamBody(bytes, keyword.end, parsed.value, resolveLength);
    return { ref, value: parsed.value, stream: { dict: parsed.value, data: stream.value }, end: stream.end };
  }
  return { ref, value: parsed.value, end: keyword.value === "endobj" ? keyword.end : parsed.end };
}

function readStreamBody(
  bytes: Uint8Array,
  afterKeyword: number,
  dict: PdfDict,
  resolveLength: (ref: PdfRef) => number | undefined,
): Parsed<Uint8Array> {
  let start = afterKeyword;
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  const lengthValue = dict.get("Length");
  const length = lengthValue instanceof PdfRef ? resolveLength(lengthValue) : lengthValue;
  if (
    typeof length !== "number" ||
    !Number.isSafeInteger(length) ||
    length < 0 ||
    start + length > bytes.length
  ) {
    throw malformed("stream length missing or outside the file", start);
  }
  const end = expectKeyword(bytes, start + length, "endstream");
  return { value: bytes.subarray(start, start + length), end };
}
