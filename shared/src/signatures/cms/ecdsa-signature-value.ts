import * as asn1js from "asn1js";

/**
 * DER ECDSA-Sig-Value (what CMS carries and the token layer returns) to IEEE P1363 r || s (what
 * WebCrypto verifies, hence what an auth token carries). Null when `der` is not one.
 */
/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } -> r || s, each left-padded to `size`. */
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
