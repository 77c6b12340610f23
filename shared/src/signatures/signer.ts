/** Digest algorithms cns-bridge signs with (SHA-1 is never used for new signatures). */
export type DigestAlgorithm = "SHA-256" | "SHA-384" | "SHA-512";

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ["SHA-256", "SHA-384", "SHA-512"];

export type KeyAlgorithm = "RSA" | "EC";

/**
 * Whatever holds a private key: a CNS through PKCS#11, SoftHSM2, or a software key in tests.
 * The CMS and PDF code only ever sees this interface.
 */
export interface Signer {
  /** DER of the signer's X.509 certificate. */
  readonly certificate: Uint8Array;
  /** DER of the issuing chain (issuer first), when known; put in the CMS `certificates`. */
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  /**
   * Signs a precomputed digest made with `algorithm`.
   * RSA: PKCS#1 v1.5 signature over the DER DigestInfo. EC: DER `ECDSA-Sig-Value` (as CMS wants).
   */
  sign(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array>;
}
