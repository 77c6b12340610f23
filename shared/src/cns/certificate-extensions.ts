import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CnsBridgeError } from "../errors/index.js";
import { EXTENSIONS, QC_STATEMENTS, QC_TYPES } from "./certificate-oids.js";
import { decodeDer } from "./decode-der.js";

/** The key usage bits of RFC 5280 §4.2.1.3 (nonRepudiation is also called contentCommitment). */
export interface KeyUsageFlags {
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly dataEncipherment: boolean;
  readonly keyAgreement: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
  readonly encipherOnly: boolean;
  readonly decipherOnly: boolean;
}

/** What the QC statements extension (ETSI EN 319 412-5) says about the certificate. */
export interface QualifiedStatements {
  /** QcCompliance: an EU qualified certificate. */
  readonly qcCompliance: boolean;
  /** QcSSCD: the private key sits on a qualified signature creation device. */
  readonly qcSscd: boolean;
  /** QcType values ("esign" for signatures of natural persons); absent when the statement is. */
  readonly qcType?: readonly string[];
  /** OIDs of every statement present, known or not. */
  readonly statements: readonly string[];
}

export interface CertificateExtensions {
  /** Null when the certificate has no key usage extension (then every use is allowed). */
  readonly keyUsage: KeyUsageFlags | null;
  /** Extended key usage OIDs; empty when the extension is absent. */
  readonly extendedKeyUsage: readonly string[];
  /** Certificate policy OIDs, in order. */
  readonly policies: readonly string[];
  readonly qualified: QualifiedStatements;
  /** basicConstraints cA: a CA certificate is never a holder's certificate. */
  readonly isCa: boolean;
}

const KEY_USAGE_BITS: readonly (keyof KeyUsageFlags)[] = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
];

/**
 * Reads the extensions that tell what a certificate is for. Each value is decoded with the same
 * strict limits as the certificate; a malformed one of these is CERT_MALFORMED, unknown ones are
 * left alone, a duplicated one (forbidden by RFC 5280) is CERT_MALFORMED.
 */
export function readCertificateExtensions(extensions: readonly pkijs.Extension[]): CertificateExtensions {
  const byId = new Map<string, Uint8Array>();
  for (const extension of extensions) {
    if (byId.has(extension.extnID)) {
      throw new CnsBridgeError("CERT_MALFORMED", { detail: `extension ${extension.extnID} appears twice` });
    }
    byId.set(extension.extnID, extension.extnValue.valueBlock.valueHexView);
  }
  const value = (id: string): asn1js.AsnType | undefined => {
    const bytes = byId.get(id);
    return bytes === undefined ? undefined : decodeDer(bytes, `extension ${id}`);
  };
  return {
    keyUsage: readKeyUsage(value(EXTENSIONS.keyUsage)),
    extendedKeyUsage:
      readWith(value(EXTENSIONS.extendedKeyUsage), EXTENSIONS.extendedKeyUsage, (schema) => [
        ...new pkijs.ExtKeyUsage({ schema }).keyPurposes,
      ]) ?? [],
    policies:
      readWith(value(EXTENSIONS.certificatePolicies), EXTENSIONS.certificatePolicies, (schema) =>
        new pkijs.CertificatePolicies({ schema }).certificatePolicies.map(
          (policy) => policy.policyIdentifier,
        ),
      ) ?? [],
    qualified: readQualifiedStatements(value(EXTENSIONS.qcStatements)),
    isCa:
      readWith(value(EXTENSIONS.basicConstraints), EXTENSIONS.basicConstraints, (schema) => {
        const cA: unknown = new pkijs.BasicConstraints({ schema }).cA;
        return cA === true;
      }) ?? false,
  };
}

function readKeyUsage(value: asn1js.AsnType | undefined): KeyUsageFlags | null {
  if (value === undefined) {
    return null;
  }
  if (!(value instanceof asn1js.BitString)) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "key usage is not a BIT STRING" });
  }
  const bytes = value.valueBlock.valueHexView;
  const isSet = (bit: number): boolean => (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1;
  return Object.fromEntries(
    KEY_USAGE_BITS.map((name, bit) => [name, isSet(bit)]),
  ) as unknown as KeyUsageFlags;
}

function readQualifiedStatements(value: asn1js.AsnType | undefined): QualifiedStatements {
  const statements =
    readWith(value, EXTENSIONS.qcStatements, (schema) => new pkijs.QCStatements({ schema }).values) ?? [];
  const ids = statements.map((statement) => statement.id);
  const typeStatement = statements.find((statement) => statement.id === QC_STATEMENTS.qcType);
  const qualified = {
    qcCompliance: ids.includes(QC_STATEMENTS.qcCompliance),
    qcSscd: ids.includes(QC_STATEMENTS.qcSscd),
    statements: ids,
  };
  return typeStatement === undefined ? qualified : { ...qualified, qcType: readQcTypes(typeStatement.type) };
}

/**
 * QcType ::= SEQUENCE OF OBJECT IDENTIFIER; known values by name, others as their OID. A QcType
 * statement without that SEQUENCE gives an empty list: the DER is sound, only the statement is
 * incomplete, and a token's certificate should still be listed.
 */
function readQcTypes(value: unknown): string[] {
  if (!(value instanceof asn1js.Sequence)) {
    return [];
  }
  return value.valueBlock.value
    .filter((item) => item instanceof asn1js.ObjectIdentifier)
    .map((item) => {
      const oid = item.valueBlock.toString();
      return QC_TYPES[oid] ?? oid;
    });
}

/** Runs a pkijs reader on a decoded value, turning its schema errors into CERT_MALFORMED. */
function readWith<T>(
  value: asn1js.AsnType | undefined,
  id: string,
  read: (schema: asn1js.AsnType) => T,
): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return read(value);
  } catch (cause) {
    throw new CnsBridgeError(
      "CERT_MALFORMED",
      { detail: `extension ${id} has a wrong structure` },
      { cause },
    );
  }
}
