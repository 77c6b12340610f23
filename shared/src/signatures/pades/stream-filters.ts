import { CnsBridgeError } from "../../errors/index.js";
import { asDict, asInteger, isName, type PdfStream } from "./pdf-objects.js";

/** Cross-reference and object streams never need more; a bigger one is a decompression bomb. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

/**
 * Decodes the streams the signature code must read itself (cross-reference and object
 * streams): no filter, or FlateDecode with an optional PNG predictor. WebCrypto's sibling
 * `DecompressionStream` does the inflating, so this runs in browsers and Node alike.
 */
export async function decodeStream(stream: PdfStream): Promise<Uint8Array> {
  const filter = stream.dict.get("Filter");
  const filterName = Array.isArray(filter) && filter.length === 1 ? filter[0] : filter;
  if (filterName === undefined) return stream.data;
  if (!isName(filterName, "FlateDecode")) {
    throw new CnsBridgeError("PDF_MALFORMED", { detail: "unsupported filter on a structural stream" });
  }
  const inflated = await inflate(stream.data);
  const parmsValue = stream.dict.get("DecodeParms");
  const parms = asDict(Array.isArray(parmsValue) ? parmsValue[0] : parmsValue);
  const predictor = asInteger(parms?.get("Predictor"), 15) ?? 1;
  if (predictor === 1) return inflated;
  if (predictor < 10) throw new CnsBridgeError("PDF_MALFORMED", { detail: "unsupported TIFF predictor" });
  const columns = asInteger(parms?.get("Columns"), 1 << 16) ?? 1;
  return undoPngPredictor(inflated, Math.max(columns, 1));
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream("deflate"));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_DECODED_BYTES) {
        await reader.cancel();
        throw new CnsBridgeError("PDF_MALFORMED", { detail: "structural stream inflates beyond the limit" });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CnsBridgeError) throw error;
    throw new CnsBridgeError("PDF_MALFORMED", { detail: "corrupt compressed stream" }, { cause: error });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** PNG row filters (RFC 2083 §6) with one byte per sample, as cross-reference streams use them. */
function undoPngPredictor(data: Uint8Array, columns: number): Uint8Array {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = new Uint8Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const type = data[row * rowLength] ?? 0;
    for (let col = 0; col < columns; col++) {
      const raw = data[row * rowLength + 1 + col] ?? 0;
      const left = col > 0 ? (out[row * columns + col - 1] ?? 0) : 0;
      const up = row > 0 ? (out[(row - 1) * columns + col] ?? 0) : 0;
      const upLeft = row > 0 && col > 0 ? (out[(row - 1) * columns + col - 1] ?? 0) : 0;
      out[row * columns + col] = (raw + predict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return Math.floor((left + up) / 2);
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new CnsBridgeError("PDF_MALFORMED", { detail: "bad PNG predictor row" });
  }
}
