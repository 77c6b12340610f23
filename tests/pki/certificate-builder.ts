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

export const OIDS = {
  cnsAuthenticationPolicy: "1.3.76.16.2.1",
  infocamereAuthenticationPolicy: "1.3.76.14.1.1.1",
  infocamereSignaturePolicy: "1.3.76.14.1.1.2",
  qcpNQscd: "0.4.0.194112.1.2",
  agidQualifiedPolicy: "1.3.76.16.6",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  qcStatements: "1.3.6.1.5.5.7.1.3",
  qcCompliance: "0.4.0.1862.1.1",
  qcSscd: "0.4.0.1862.1.4",
  qcType: "0.4.0.1862.1.6",
  qcTypeEsign: "0.4.0.1862.1.6.1",
} as const;

export function buildName(pairs: readonly (readonly [string, string])[]): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: pairs.map(([name, value]) => {
      const attribute = ATTRIBUTES[name];
      if (attribute === undefined) throw new Error(`unknown attribute ${name} in a PKI spec`);
      return new pkijs.AttributeTypeAndValue({
        type: attribute.oid,
        value: attribute.printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
      });
    }),
  });
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

function keyUsageExtension(usages: readonly KeyUsageName[]): pkijs.Extension {
  let bits = 0;
  for (const usage of usages) bits |= 0x80 >> KEY_USAGE_BITS.indexOf(usage);
  const highest = Math.max(...usages.map((usage) => KEY_USAGE_BITS.indexOf(usage)));
  const unused = 7 - highest;
  const bitString = new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused });
  return new pkijs.Extension({ extnID: "2.5.29.15", critical: true, extnValue: bitString.toBER(false) });
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

function qcStatements(): pkijs.Extension {
  const statement = (oid: string, info?: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), ...(info ? [info] : [])] });
  return extension(
    OIDS.qcStatements,
    new asn1js.Sequence({
      value: [
        statement(OIDS.qcCompliance),
        statement(OIDS.qcSscd),
        statement(
          OIDS.qcType,
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OIDS.qcTypeEsign })] }),
        ),
      ],
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
  | { readonly kind: "authentication" }
  | { readonly kind: "signature" };

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

/** Issues an X.509 v3 certificate shaped like InfoCamere's for CAs, CNS authentication and qualified signature. */
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
      keyUsageExtension(["keyCertSign", "cRLSign"]),
    );
  } else if (profile.kind === "authentication") {
    extensions.push(
      keyUsageExtension(["digitalSignature", "keyEncipherment"]),
      extension("2.5.29.37", new pkijs.ExtKeyUsage({ keyPurposes: [OIDS.clientAuth] })),
      policies([OIDS.cnsAuthenticationPolicy, OIDS.infocamereAuthenticationPolicy]),
    );
  } else {
    extensions.push(
      keyUsageExtension(["nonRepudiation"]),
      policies([OIDS.qcpNQscd, OIDS.agidQualifiedPolicy, OIDS.infocamereSignaturePolicy]),
      qcStatements(),
    );
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

export function toPem(der: Uint8Array): string {
  const base64 = Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}
