import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { CnsBridgeError } from "../errors/index.js";
import { NAMED_CURVES, PUBLIC_KEY_ALGORITHMS } from "./certificate-oids.js";
import { decodeDer } from "./decode-der.js";

export interface CnsCertificateKeyAlgorithm {
  /** "other" for anything else a token may hold (Ed25519, DSA...): listed, never used to sign. */
  readonly name: "RSA" | "EC" | "other";
  /** The SubjectPublicKeyInfo algorithm OID. */
  readonly oid: string;
  /** RSA: modulus size in bits; EC: the curve's size; null when unknown. */
  readonly size: number | null;
  /** EC only: the WebCrypto curve name ("P-256") when known, else the curve OID. */
  readonly namedCurve?: string;
}

export function readKeyAlgorithm(publicKeyInfo: pkijs.PublicKeyInfo): CnsCertificateKeyAlgorithm {
  const oid = publicKeyInfo.algorithm.algorithmId;
  if (oid === PUBLIC_KEY_ALGORITHMS.rsa || oid === PUBLIC_KEY_ALGORITHMS.rsaPss) {
    return { name: "RSA", oid, size: rsaModulusBits(publicKeyInfo.subjectPublicKey.valueBlock.valueHexView) };
  }
  if (oid === PUBLIC_KEY_ALGORITHMS.ec) {
    const parameters: unknown = publicKeyInfo.algorithm.algorithmParams;
    if (!(parameters instanceof asn1js.ObjectIdentifier)) {
      // Explicit curve parameters: legal but unheard of on smart cards; we do not name them.
      return { name: "EC", oid, size: null };
    }
    const curveOid = parameters.valueBlock.toString();
    const curve = NAMED_CURVES[curveOid];
    return { name: "EC", oid, size: curve?.size ?? null, namedCurve: curve?.name ?? curveOid };
  }
  return { name: "other", oid, size: null };
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
function rsaModulusBits(subjectPublicKey: Uint8Array): number {
  const key = decodeDer(subjectPublicKey, "RSA public key");
  const parts = key instanceof asn1js.Sequence ? key.valueBlock.value : [];
  const modulus = parts[0];
  if (!(modulus instanceof asn1js.Integer) || !(parts[1] instanceof asn1js.Integer) || parts.length !== 2) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "RSA public key: not a modulus and an exponent" });
  }
  const bytes = modulus.valueBlock.valueHexView;
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) {
    start += 1;
  }
  const first = bytes[start];
  if (first === undefined) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "RSA public key: zero modulus" });
  }
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(first));
}
