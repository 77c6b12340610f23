import { CnsBridgeError, concatBytes, DER_TAG, derElement } from "@cns-bridge/shared";

/** r || s of P-521 is 2 * 66 bytes; anything longer is not an ECDSA signature we know. */
const MAX_RAW_SIGNATURE_BYTES = 132;

/**
 * CKM_ECDSA returns r || s (two big-endian integers of the curve's size); CMS and X.509 want
 * DER ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 / SEC 1).
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
