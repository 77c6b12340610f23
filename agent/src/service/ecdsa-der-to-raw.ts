import * as asn1js from "asn1js";
import { CnsBridgeError } from "@cns-bridge/shared";

/**
 * DER ECDSA-Sig-Value (what CMS wants and the token layer returns) to IEEE P1363 r||s (what
 * WebCrypto verifies, hence what an auth token carries). `size` is the curve's byte length.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const parsed = asn1js.fromBER(der);
  const sequence = parsed.result;
  if (
    parsed.offset === -1 ||
    !(sequence instanceof asn1js.Sequence) ||
    sequence.valueBlock.value.length !== 2
  ) {
    throw new CnsBridgeError("INTERNAL", {}, { cause: new Error("not an ECDSA-Sig-Value") });
  }
  const raw = new Uint8Array(size * 2);
  sequence.valueBlock.value.forEach((element, index) => {
    if (!(element instanceof asn1js.Integer)) throw new CnsBridgeError("INTERNAL");
    let bytes = new Uint8Array(element.valueBlock.valueHexView);
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) throw new CnsBridgeError("INTERNAL");
    raw.set(bytes, index * size + (size - bytes.length));
  });
  return raw;
}
