import * as asn1js from "asn1js";
import { CnsBridgeError } from "../../errors/index.js";
import { concatBytes, DER_TAG, derElement } from "./der-bytes.js";

/** r || s of P-521 is 2 * 66 bytes; anything longer is not an ECDSA signature we know. */
const MAX_RAW_SIGNATURE_BYTES = 132;

/**
 * DER ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (what CMS carries and the token layer
 * returns) to IEEE P1363 r || s, each left-padded to `size` (what WebCrypto verifies, hence what an
 * auth token carries). Null when `der` is not one.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | null {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(der.slice());
  } catch {
    return null;
  }
  if (parsed.offset !== der.byteLength || !(parsed.result instanceof asn1js.Sequence)) return null;
  const [r, s] = parsed.result.valueBlock.value;
  if (
    !(r instanceof asn1js.Integer) ||
    !(s instanceof asn1js.Integer) ||
    parsed.result.valueBlock.value.length !== 2
  ) {
    return null;
  }
  const out = new Uint8Array(size * 2);
  for (const [index, integer] of [r, s].entries()) {
    let bytes = integer.valueBlock.valueHexView;
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) return null;
    out.set(bytes, size * (index + 1) - bytes.length);
  }
  return out;
}

/**
 * The other way: CKM_ECDSA returns r || s (two big-endian integers of the curve's size); CMS and
 * X.509 want DER ECDSA-Sig-Value (RFC 5480 / SEC 1).
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.byteLength === 0 || raw.byteLength % 2 !== 0 || raw.byteLength > MAX_RAW_SIGNATURE_BYTES) {
    throw new CnsBridgeError("SIGN_INPUT_REJECTED", { detail: `ECDSA signature of ${raw.byteLength} bytes` });
  }
  const half = raw.byteLength / 2;
  return derElement(
    DER_TAG.SEQUENCE,
    concatBytes([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]),
  );
}

/** A non-negative big-endian integer: minimal length, with a 0x00 when the top bit is set. */
function derInteger(unsigned: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsigned.byteLength - 1 && unsigned[start] === 0) {
    start += 1;
  }
  const magnitude = unsigned.subarray(start);
  const needsPad = ((magnitude[0] ?? 0) & 0x80) !== 0;
  return derElement(DER_TAG.INTEGER, needsPad ? concatBytes([Uint8Array.of(0), magnitude]) : magnitude);
}
