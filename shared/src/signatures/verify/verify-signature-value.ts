import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import type { CnsCertificateKeyAlgorithm } from "../../cns/index.js";
import type { DigestAlgorithm } from "../signer.js";

/**
 * Checks a SignerInfo's signature over the DER of its signed attributes with WebCrypto, so the
 * same code runs in the browser and in Node. EC signatures arrive as DER ECDSA-Sig-Value and are
 * turned into the fixed-size r||s WebCrypto expects.
 */
export async function verifySignatureValue(
  certificate: pkijs.Certificate,
  keyAlgorithm: CnsCertificateKeyAlgorithm,
  digestAlgorithm: DigestAlgorithm,
  signedBytes: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
  try {
    if (keyAlgorithm.name === "RSA") {
      const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: digestAlgorithm };
      const key = await globalThis.crypto.subtle.importKey("spki", spki, algorithm, false, ["verify"]);
      return await globalThis.crypto.subtle.verify(algorithm, key, copy(signature), copy(signedBytes));
    }
    if (keyAlgorithm.name === "EC" && keyAlgorithm.namedCurve !== undefined && keyAlgorithm.size !== null) {
      const key = await globalThis.crypto.subtle.importKey(
        "spki",
        spki,
        { name: "ECDSA", namedCurve: keyAlgorithm.namedCurve },
        false,
        ["verify"],
      );
      const raw = ecdsaDerToRaw(signature, Math.ceil(keyAlgorithm.size / 8));
      if (raw === null) return false;
      return await globalThis.crypto.subtle.verify(
        { name: "ECDSA", hash: digestAlgorithm },
        key,
        raw,
        copy(signedBytes),
      );
    }
    return false;
  } catch {
    // A key WebCrypto refuses to import or a malformed signature is simply not a valid signature.
    return false;
  }
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } -> r || s, each left-padded to `size`. */
function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | null {
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
