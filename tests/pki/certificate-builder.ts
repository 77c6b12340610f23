import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/** Attribute names used in the spec files, with their OIDs and ASN.1 string types. */
const ATTRIBUTES: Readonly<Record<string, { oid: string; printable: boolean }>> = {
  C: { oid: "2.5.4.6", printable: true },
  O: { oid: "2.5.4.10", printable: false },
  OU: { oid: "2.5.4.11", printable: false },
  CN: { oid: "2.5.4.3", printable: false },
  SN: { oid: "2.5.4.4", printable: false },
  GN: { oid: "2.5.4.42", printable: false },
  serialNumber: { oid: "2.5.4.5", printable: true },
  dnQualifier: { oid: "2.5.4.46", printable: true },
  organizationIdentifier: { oid: "2.5.4.97", printable: false },
};

/** Qualified certificate statements (ETSI EN 319 412-5) by the names the profile specs use. */
const QC_STATEMENTS = {
  qcStatementsExtension: "1.3.6.1.5.5.7.1.3",
  QcCompliance: "0.4.0.1862.1.1",
  QcSSCD: "0.4.0.1862.1.4",
  qcType: "0.4.0.1862.1.6",
  qcTypeEsign: "0.4.0.1862.1.6.1",
} as const;
export type QcStatementName = "QcCompliance" | "QcSSCD" | "QcType-esign";

/**
 * One RDN per attribute, as real certificates have (`C=IT, O=..., CN=...`). pkijs would put every
 * attribute in a single multi-valued RDN, so the Name is built as ASN.1 and parsed back.
 */
export function buildName(pairs: readonly (readonly [string, string])[]): pkijs.RelativeDistinguishedNames {
  const rdns = pairs.map(([name, value]) => {
    const attribute = ATTRIBUTES[name];
    if (attribute === undefined) throw new Error(`unknown attribute ${name} in a PKI spec`);
    const typeAndValue = new pkijs.AttributeTypeAndValue({
      type: attribute.oid,
      value: attribute.printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
    });
    return new asn1js.Set({ value: [typeAndValue.toSchema()] });
  });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

export type KeyUsageName =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign";
const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
];

function keyUsageExtension(usages: readonly KeyUsageName[], critical: boolean): pkijs.Extension {
  let bits = 0;
  for (const usage of usages) bits |= 0x80 >> KEY_USAGE_BITS.indexOf(usage);
  const highest = Math.max(...usages.map((usage) => KEY_USAGE_BITS.indexOf(usage)));
  const unused = 7 - highest;
  const bitString = new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused });
  return new pkijs.Extension({ extnID: "2.5.29.15", critical, extnValue: bitString.toBER(false) });
}

function extension(oid: string, value: asn1js.AsnType | pkijs.PkiObject, critical = false): pkijs.Extension {
  const schema = value instanceof pkijs.PkiObject ? value.toSchema() : value;
  return new pkijs.Extension({ extnID: oid, critical, extnValue: schema.toBER(false) });
}

function policies(oids: readonly string[]): pkijs.Extension {
  return extension(
    "2.5.29.32",
    new pkijs.CertificatePolicies({
      certificatePolicies: oids.map((policyIdentifier) => new pkijs.PolicyInformation({ policyIdentifier })),
    }),
  );
}

function qcStatements(names: readonly QcStatementName[]): pkijs.Extension {
  const statement = (oid: string, info?: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), ...(info ? [info] : [])] });
  return extension(
    QC_STATEMENTS.qcStatementsExtension,
    new asn1js.Sequence({
      value: names.map((name) =>
        name === "QcType-esign"
          ? statement(
              QC_STATEMENTS.qcType,
              new asn1js.Sequence({
                value: [new asn1js.ObjectIdentifier({ value: QC_STATEMENTS.qcTypeEsign })],
              }),
            )
          : statement(QC_STATEMENTS[name]),
      ),
    }),
  );
}

async function keyIdentifier(spki: pkijs.PublicKeyInfo): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-1", new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView));
}

export interface IssuerKey {
  readonly certificate: pkijs.Certificate;
  readonly privateKey: CryptoKey;
}

export type CertificateProfile =
  | { readonly kind: "ca"; readonly pathLength: number }
  | {
      readonly kind: "end-entity";
      readonly keyUsage: readonly KeyUsageName[];
      readonly keyUsageCritical: boolean;
      readonly extendedKeyUsage: readonly string[];
      readonly policies: readonly string[];
      readonly qcStatements: readonly QcStatementName[];
    };

export interface CertificateRequest {
  readonly subject: readonly (readonly [string, string])[];
  /** DER SubjectPublicKeyInfo of the key being certified (read from the token for holders). */
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serialNumber: Uint8Array;
  readonly profile: CertificateProfile;
  /** null for a self-signed root: then `selfSigningKey` signs. */
  readonly issuer: IssuerKey | null;
  readonly selfSigningKey?: CryptoKey;
}

/** Issues an X.509 v3 certificate: a CA, or an end entity whose extensions come from a profile spec. */
export async function issueCertificate(request: CertificateRequest): Promise<pkijs.Certificate> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ valueHex: request.serialNumber.buffer as ArrayBuffer });
  const subject = buildName(request.subject);
  certificate.subject = subject;
  certificate.issuer =
    request.issuer === null ? buildName(request.subject) : request.issuer.certificate.subject;
  certificate.notBefore.value = request.notBefore;
  certificate.notAfter.value = request.notAfter;
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    new Uint8Array(request.subjectPublicKeyInfo),
  );

  const ski = await keyIdentifier(certificate.subjectPublicKeyInfo);
  const aki =
    request.issuer === null ? ski : await keyIdentifier(request.issuer.certificate.subjectPublicKeyInfo);
  const extensions: pkijs.Extension[] = [
    extension("2.5.29.14", new asn1js.OctetString({ valueHex: ski })),
    extension(
      "2.5.29.35",
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: aki }) }),
    ),
  ];
  const profile = request.profile;
  if (profile.kind === "ca") {
    extensions.push(
      extension(
        "2.5.29.19",
        new pkijs.BasicConstraints({ cA: true, pathLenConstraint: profile.pathLength }),
        true,
      ),
      keyUsageExtension(["keyCertSign", "cRLSign"], true),
    );
  } else {
    extensions.push(keyUsageExtension(profile.keyUsage, profile.keyUsageCritical));
    if (profile.extendedKeyUsage.length > 0) {
      extensions.push(
        extension("2.5.29.37", new pkijs.ExtKeyUsage({ keyPurposes: [...profile.extendedKeyUsage] })),
      );
    }
    extensions.push(policies(profile.policies));
    if (profile.qcStatements.length > 0) extensions.push(qcStatements(profile.qcStatements));
  }
  certificate.extensions = extensions;

  const signingKey = request.issuer?.privateKey ?? request.selfSigningKey;
  if (signingKey === undefined) throw new Error("a self-signed certificate needs selfSigningKey");
  await certificate.sign(signingKey, "SHA-256");
  return certificate;
}

export function certificateDer(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

export function toPem(der: Uint8Array, label = "CERTIFICATE"): string {
  const base64 = Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${base64}-----END ${label}-----\n`;
}
