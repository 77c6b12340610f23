import { CnsBridgeError, concatBytes, DER_TAG, type DigestAlgorithm, derElement } from "@cns-bridge/shared";

interface DigestAlgorithmSpec {
  /** Content octets of the hash algorithm's OBJECT IDENTIFIER (NIST, 2.16.840.1.101.3.4.2.x). */
  readonly oid: readonly number[];
  readonly length: number;
}

/** The digests cns-bridge signs, with their OIDs and lengths (RFC 8017 appendix B.1). */
export const DIGEST_ALGORITHM_SPECS: Readonly<Record<DigestAlgorithm, DigestAlgorithmSpec>> = {
  "SHA-256": { oid: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01], length: 32 },
  "SHA-384": { oid: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02], length: 48 },
  "SHA-512": { oid: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03], length: 64 },
};

export function digestAlgorithmSpec(algorithm: string): DigestAlgorithmSpec {
  if (!Object.hasOwn(DIGEST_ALGORITHM_SPECS, algorithm)) {
    throw new CnsBridgeError("BAD_INPUT", {
      detail: `unsupported digest algorithm ${algorithm.slice(0, 32)}`,
    });
  }
  return DIGEST_ALGORITHM_SPECS[algorithm as DigestAlgorithm];
}

/** Refuses a digest whose length does not match its algorithm (a sure sign of a mix-up upstream). */
export function checkDigestLength(digest: Uint8Array, algorithm: DigestAlgorithm): void {
  const expected = digestAlgorithmSpec(algorithm).length;
  if (digest.byteLength !== expected) {
    throw new CnsBridgeError("DIGEST_LENGTH_MISMATCH", { algorithm, expected, actual: digest.byteLength });
  }
}

/**
 * DER DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier (with NULL parameters),
 * digest OCTET STRING }: what CKM_RSA_PKCS pads and signs to make a PKCS#1 v1.5 signature.
 */
export function buildDigestInfo(digest: Uint8Array, algorithm: DigestAlgorithm): Uint8Array {
  checkDigestLength(digest, algorithm);
  const algorithmIdentifier = derElement(
    DER_TAG.SEQUENCE,
    concatBytes([
      derElement(DER_TAG.OID, Uint8Array.from(digestAlgorithmSpec(algorithm).oid)),
      derElement(DER_TAG.NULL, new Uint8Array(0)),
    ]),
  );
  return derElement(
    DER_TAG.SEQUENCE,
    concatBytes([algorithmIdentifier, derElement(DER_TAG.OCTET_STRING, digest)]),
  );
}
