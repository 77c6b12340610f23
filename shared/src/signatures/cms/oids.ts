import type { DigestAlgorithm } from "../signer.js";

/** Object identifiers of RFC 5652 (CMS), RFC 5035 (ESS) and the algorithms cns-bridge meets. */
export const CMS_OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  countersignature: "1.2.840.113549.1.9.6",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecPublicKey: "1.2.840.10045.2.1",
} as const;

export const DIGEST_ALGORITHM_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "2.16.840.1.101.3.4.2.1",
  "SHA-384": "2.16.840.1.101.3.4.2.2",
  "SHA-512": "2.16.840.1.101.3.4.2.3",
};

/** Digests that exist but are refused: named so the verifier can say which one it met. */
export const REFUSED_DIGEST_OIDS: Readonly<Record<string, string>> = {
  "1.3.14.3.2.26": "SHA-1",
  "1.2.840.113549.2.5": "MD5",
  "2.16.840.1.101.3.4.2.4": "SHA-224",
};

export const ECDSA_SIGNATURE_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "1.2.840.10045.4.3.2",
  "SHA-384": "1.2.840.10045.4.3.3",
  "SHA-512": "1.2.840.10045.4.3.4",
};

/** shaNNNWithRSAEncryption: some signers put these in SignerInfo.signatureAlgorithm instead of rsaEncryption. */
export const RSA_SIGNATURE_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "1.2.840.113549.1.1.11",
  "SHA-384": "1.2.840.113549.1.1.12",
  "SHA-512": "1.2.840.113549.1.1.13",
};

export function digestAlgorithmFromOid(oid: string): DigestAlgorithm | undefined {
  return (Object.keys(DIGEST_ALGORITHM_OIDS) as DigestAlgorithm[]).find(
    (name) => DIGEST_ALGORITHM_OIDS[name] === oid,
  );
}
