import { ecdsaDerToRaw } from "../cms/ecdsa-signature-value.js";
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
