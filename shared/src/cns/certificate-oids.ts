/**
 * Object identifiers that decide what a certificate on an Italian token is for. Data, not logic:
 * `certificate-usage.ts` reads these tables.
 */

/** Certificate policies of authentication certificates (CNS and its regional and CIE kin). */
export const AUTHENTICATION_POLICIES: Readonly<Record<string, string>> = {
  /** AgID: "X.509 authentication certificates issued for the italian National Service Card (CNS)". */
  "1.3.76.16.2.1": "CNS authentication",
  /** Lombardy's CRS/SISS cards, declared equivalent to the CNS policy. */
  "1.3.159.6.1.3.2.10": "CRS/SISS authentication",
  "1.3.76.12.1.1.10.2.2.10": "CRS/SISS authentication",
  /** Carta d'Identità Elettronica authentication certificate. */
  "1.3.76.47.4": "CIE authentication",
};

/** Certificate policies that mark a certificate for (qualified) electronic signatures. */
export const SIGNATURE_POLICIES: Readonly<Record<string, string>> = {
  /** ETSI EN 319 411-2: qualified certificate for a natural person, key on a QSCD. */
  "0.4.0.194112.1.2": "QCP-n-qscd",
  /** ETSI EN 319 411-2: qualified certificate for a natural person. */
  "0.4.0.194112.1.0": "QCP-n",
  /** AgID: qualified certificate issued under the Italian guidelines (agIDcert). */
  "1.3.76.16.6": "AgID qualified certificate",
};

export const EXTENDED_KEY_USAGES = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
  documentSigning: "1.3.6.1.5.5.7.3.36",
  smartcardLogon: "1.3.6.1.4.1.311.20.2.2",
} as const;

/** ETSI EN 319 412-5 QC statements and the QcType values. */
export const QC_STATEMENTS = {
  qcCompliance: "0.4.0.1862.1.1",
  qcRetentionPeriod: "0.4.0.1862.1.3",
  qcSscd: "0.4.0.1862.1.4",
  qcPds: "0.4.0.1862.1.5",
  qcType: "0.4.0.1862.1.6",
} as const;

export const QC_TYPES: Readonly<Record<string, "esign" | "eseal" | "web">> = {
  "0.4.0.1862.1.6.1": "esign",
  "0.4.0.1862.1.6.2": "eseal",
  "0.4.0.1862.1.6.3": "web",
};

export const EXTENSIONS = {
  keyUsage: "2.5.29.15",
  extendedKeyUsage: "2.5.29.37",
  certificatePolicies: "2.5.29.32",
  basicConstraints: "2.5.29.19",
  qcStatements: "1.3.6.1.5.5.7.1.3",
} as const;

/** X.520 attribute types found in CNS subjects and issuers, by the names used in this package. */
export const NAME_ATTRIBUTES = {
  commonName: "2.5.4.3",
  surname: "2.5.4.4",
  serialNumber: "2.5.4.5",
  country: "2.5.4.6",
  locality: "2.5.4.7",
  stateOrProvince: "2.5.4.8",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  title: "2.5.4.12",
  givenName: "2.5.4.42",
  dnQualifier: "2.5.4.46",
  organizationIdentifier: "2.5.4.97",
  emailAddress: "1.2.840.113549.1.9.1",
} as const;

export const PUBLIC_KEY_ALGORITHMS = {
  rsa: "1.2.840.113549.1.1.1",
  rsaPss: "1.2.840.113549.1.1.10",
  ec: "1.2.840.10045.2.1",
} as const;

/** Named curves by OID: the WebCrypto name where WebCrypto has one, and the size in bits. */
export const NAMED_CURVES: Readonly<Record<string, { readonly name: string; readonly size: number }>> = {
  "1.2.840.10045.3.1.7": { name: "P-256", size: 256 },
  "1.3.132.0.34": { name: "P-384", size: 384 },
  "1.3.132.0.35": { name: "P-521", size: 521 },
  "1.3.36.3.3.2.8.1.1.7": { name: "brainpoolP256r1", size: 256 },
  "1.3.36.3.3.2.8.1.1.11": { name: "brainpoolP384r1", size: 384 },
  "1.3.36.3.3.2.8.1.1.13": { name: "brainpoolP512r1", size: 512 },
};
