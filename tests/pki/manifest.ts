/**
 * What `tests/pki` leaves in the state dir (`.state/pki/manifest.json`) for every test that
 * needs the test CNS: where SoftHSM2's config is, the test CA files, and each token variant.
 */
export interface TestPkiManifest {
  /** Hash of the spec files the state was made from; a change rebuilds the state. */
  readonly specHash: string;
  /**
   * When the state was made (Unix millis). Validity dates are relative to it, so the state is
   * remade when it gets old (see `MAX_STATE_AGE_DAYS` in state-check.ts).
   */
  readonly madeAt: number;
  /** Absolute path of the softhsm2.conf to put in SOFTHSM2_CONF. */
  readonly softhsm2Conf: string;
  /** Absolute path of SoftHSM2's PKCS#11 module. */
  readonly modulePath: string;
  readonly ca: {
    /** PEM files (absolute paths). */
    readonly rootPem: string;
    readonly signatureCaPem: string;
    readonly cnsCaPem: string;
    /** root + intermediates, one PEM bundle, for `openssl -CAfile`. */
    readonly bundlePem: string;
    /** The CAs' private keys, PKCS#8 PEM (test data), to issue more certificates, CRLs, OCSP replies. */
    readonly keys: { readonly root: string; readonly signatureCa: string; readonly cnsCa: string };
  };
  readonly tokens: Readonly<Record<string, TestToken>>;
}

export interface TestToken {
  /** The spec variant name (e.g. "holder-rsa", "holder-ec", "expired", "old-generation", "second-holder"). */
  readonly variant: string;
  readonly label: string;
  readonly serial: string;
  readonly userPin: string;
  readonly soPin: string;
  readonly holder: { readonly codiceFiscale: string; readonly givenName: string; readonly surname: string };
  readonly keyAlgorithm: "RSA" | "EC";
  readonly certificates: {
    readonly authentication?: TestTokenCertificate;
    readonly signature?: TestTokenCertificate;
  };
}

export interface TestTokenCertificate {
  /** CKA_ID of the certificate and its private key, lowercase hex. */
  readonly id: string;
  /** Absolute path of the certificate, DER and PEM. */
  readonly derPath: string;
  readonly pemPath: string;
  /** Unix millis. */
  readonly notBefore: number;
  readonly notAfter: number;
}
