import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { type CnsCertificate, parseCnsCertificate } from "../../cns/index.js";
import { CnsBridgeError, type ErrorCode, type ErrorParams, isCnsBridgeError } from "../../errors/index.js";
import { type TrustList, validateChain } from "../../trust/index.js";
import type { DigestAlgorithm } from "../signer.js";
import { decodeSigningCertificateV2 } from "../cms/ess-cert-id-v2.js";
import { digestBytes, encodeDer, equalBytes } from "../cms/der-bytes.js";
import {
  CMS_OID,
  digestAlgorithmFromOid,
  ECDSA_SIGNATURE_OIDS,
  REFUSED_DIGEST_OIDS,
  RSA_SIGNATURE_OIDS,
} from "../cms/oids.js";
import type { ParsedSignedData } from "../cms/read-signed-data.js";
import { readSigningTime, singleAttributeValue } from "./signed-attribute-values.js";
import { verifySignatureValue } from "./verify-signature-value.js";

/** New signatures need RSA of at least this size; older CNS (RSA-1024) are reported as weak. */
export const MIN_RSA_BITS = 2048;

export interface SignerView {
  readonly codiceFiscale: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly issuer: string;
}

/** What the verifier found about one signature (or countersignature). */
export interface SignatureFinding {
  /** Position among the findings (signatures in file order, each followed by its countersignatures). */
  readonly index: number;
  /** For a countersignature, the index of the finding it countersigns. */
  readonly countersignatureOf?: number;
  readonly valid: boolean;
  readonly signer: SignerView | null;
  readonly signingTime?: Date;
  /** QcCompliance of the signer certificate. */
  readonly qualified: boolean;
  readonly digestAlgorithm?: DigestAlgorithm;
  readonly certificate?: CnsCertificate;
  /** Every problem found, each a stable code; empty when valid. */
  readonly errors: readonly CnsBridgeError[];
}

export interface VerifyCmsOptions {
  readonly signedData: ParsedSignedData;
  /** Digest of the signed content with the given algorithm (streamed by the caller for big files). */
  readonly contentDigest: (algorithm: DigestAlgorithm) => Promise<Uint8Array>;
  readonly trustList: TrustList;
  /** CAdES-B-B wants signing-time; PAdES-B-B must not have it and passes the /M time instead. */
  readonly profile: "cades" | "pades";
  /** The time claimed outside the CMS (PAdES /M), used when there is no signing-time attribute. */
  readonly claimedSigningTime?: Date;
  /** Defaults to the current time; used when no signing time is known at all. */
  readonly now?: Date;
}

/**
 * The one verifier core for CAdES and PAdES: checks every SignerInfo of a SignedData (and every
 * countersignature) against the content digest, the certificates it carries and the trust list.
 * Never throws for a bad signature: every failure is an error code in its finding.
 */
export async function verifyCmsSignerInfos(options: VerifyCmsOptions): Promise<SignatureFinding[]> {
  const certificates = parseCertificates(options.signedData.certificates);
  const findings: SignatureFinding[] = [];
  for (const { info } of options.signedData.signerInfoList) {
    await verifyOne(info, options, certificates, findings, undefined);
  }
  return findings;
}

interface CertificateEntry {
  readonly der: Uint8Array;
  readonly certificate: pkijs.Certificate;
}

function parseCertificates(ders: readonly Uint8Array[]): CertificateEntry[] {
  const entries: CertificateEntry[] = [];
  for (const der of ders) {
    try {
      // Inside the try: asn1js throws (rather than reporting) on some malformed primitives.
      const parsed = asn1js.fromBER(der.slice());
      if (parsed.offset !== der.byteLength) continue;
      entries.push({ der, certificate: new pkijs.Certificate({ schema: parsed.result }) });
    } catch {
      // Attribute certificates and other CertificateChoices are not signer certificates: skip them.
    }
  }
  return entries;
}

class Problems {
  readonly list: CnsBridgeError[] = [];
  add(code: ErrorCode, params: ErrorParams = {}): void {
    if (!this.list.some((error) => error.code === code)) this.list.push(new CnsBridgeError(code, params));
  }
  addCaught(error: unknown, fallback: ErrorCode): void {
    if (isCnsBridgeError(error)) this.add(error.code, error.params);
    else this.add(fallback);
  }
}

async function verifyOne(
  info: pkijs.SignerInfo,
  options: VerifyCmsOptions,
  certificates: readonly CertificateEntry[],
  findings: SignatureFinding[],
  countersignatureOf: { index: number; signature: Uint8Array } | undefined,
): Promise<void> {
  const problems = new Problems();
  const index = findings.length;
  const placeholder: SignatureFinding = { index, valid: false, signer: null, qualified: false, errors: [] };
  findings.push(placeholder);

  const digestAlgorithm = digestAlgorithmFromOid(info.digestAlgorithm.algorithmId);
  if (digestAlgorithm === undefined) {
    const oid = info.digestAlgorithm.algorithmId;
    problems.add("SIG_DIGEST_ALGORITHM_NOT_ALLOWED", { algorithm: REFUSED_DIGEST_OIDS[oid] ?? oid });
  }
  const signerEntry = findSignerCertificate(info, certificates);
  let cns: CnsCertificate | undefined;
  if (signerEntry === undefined) {
    problems.add("SIG_SIGNER_CERT_MISSING");
  } else {
    try {
      cns = await parseCnsCertificate(signerEntry.der, options.now === undefined ? {} : { now: options.now });
    } catch {
      problems.add("SIG_CERT_MALFORMED");
    }
  }

  const attributes = info.signedAttrs?.attributes ?? [];
  let signingTime: Date | undefined;
  if (info.signedAttrs === undefined) {
    problems.add("SIG_SIGNED_ATTRS_MISSING");
  } else {
    signingTime = checkAttributeTimes(attributes, options, problems, countersignatureOf !== undefined);
    if (digestAlgorithm !== undefined) {
      await checkMessageDigest(attributes, digestAlgorithm, options, problems, countersignatureOf);
    }
    if (countersignatureOf === undefined) checkContentType(attributes, options, problems);
    if (signerEntry !== undefined) await checkSigningCertificateV2(attributes, signerEntry, problems);
  }

  if (signerEntry !== undefined && cns !== undefined && digestAlgorithm !== undefined) {
    checkSignatureAlgorithm(info, cns, digestAlgorithm, problems);
    if (info.signedAttrs !== undefined) {
      const signedBytes = new Uint8Array(info.signedAttrs.encodedValue);
      const ok = await verifySignatureValue(
        signerEntry.certificate,
        cns.keyAlgorithm,
        digestAlgorithm,
        signedBytes,
        info.signature.valueBlock.valueHexView,
      );
      if (!ok) problems.add("SIG_SIGNATURE_INVALID");
    }
    const checkDate = signingTime ?? options.claimedSigningTime ?? options.now ?? new Date();
    if (checkDate < cns.notBefore || checkDate > cns.notAfter) {
      problems.add("SIG_CERT_NOT_VALID_AT_SIGNING_TIME", { time: checkDate.toISOString() });
    }
    const intermediates = certificates
      .filter((entry) => entry !== signerEntry)
      .map((entry) => entry.certificate);
    const chain = await validateChain(signerEntry.certificate, intermediates, options.trustList, checkDate);
    if (!chain.trusted) problems.add("SIG_CHAIN_UNTRUSTED", { detail: chain.reason });
  }

  const finding: SignatureFinding = {
    index,
    ...(countersignatureOf === undefined ? {} : { countersignatureOf: countersignatureOf.index }),
    valid: problems.list.length === 0,
    signer:
      cns === undefined
        ? null
        : {
            codiceFiscale: cns.holder.codiceFiscale,
            givenName: cns.holder.givenName,
            surname: cns.holder.surname,
            issuer: cns.issuer.commonName ?? cns.issuer.organization ?? "",
          },
    ...(signingTime === undefined ? {} : { signingTime }),
    qualified: cns?.qualified.qcCompliance ?? false,
    ...(digestAlgorithm === undefined ? {} : { digestAlgorithm }),
    ...(cns === undefined ? {} : { certificate: cns }),
    errors: problems.list,
  };
  findings[index] = finding;

  for (const attribute of info.unsignedAttrs?.attributes ?? []) {
    if (attribute.type !== CMS_OID.countersignature) continue;
    for (const value of attribute.values) {
      let counter: pkijs.SignerInfo;
      try {
        counter = new pkijs.SignerInfo({ schema: value });
      } catch {
        findings.push({
          index: findings.length,
          countersignatureOf: index,
          valid: false,
          signer: null,
          qualified: false,
          errors: [new CnsBridgeError("SIG_COUNTERSIGNATURE_INVALID")],
        });
        continue;
      }
      const signature = info.signature.valueBlock.valueHexView;
      await verifyOne(counter, options, certificates, findings, { index, signature });
    }
  }
}

function findSignerCertificate(
  info: pkijs.SignerInfo,
  certificates: readonly CertificateEntry[],
): CertificateEntry | undefined {
  const sid: unknown = info.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      (entry) =>
        entry.certificate.issuer.isEqual(sid.issuer) &&
        entry.certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    // [0] SubjectKeyIdentifier
    const keyId = sid instanceof asn1js.Primitive ? sid.valueBlock.valueHexView : undefined;
    if (keyId === undefined) return undefined;
    return certificates.find((entry) => {
      const extension = entry.certificate.extensions?.find((item) => item.extnID === "2.5.29.14");
      const parsed = extension?.parsedValue as unknown;
      return parsed instanceof asn1js.OctetString && equalBytes(parsed.valueBlock.valueHexView, keyId);
    });
  }
  return undefined;
}

function checkAttributeTimes(
  attributes: readonly pkijs.Attribute[],
  options: VerifyCmsOptions,
  problems: Problems,
  isCountersignature: boolean,
): Date | undefined {
  try {
    const value = singleAttributeValue(attributes, CMS_OID.signingTime, "signing-time");
    if (value === undefined) {
      if (options.profile === "cades" && !isCountersignature)
        problems.add("SIG_ATTRIBUTE_MISSING", { attribute: "signing-time" });
      return undefined;
    }
    return readSigningTime(value);
  } catch (error) {
    problems.addCaught(error, "SIG_ATTRIBUTE_MALFORMED");
    return undefined;
  }
}

async function checkMessageDigest(
  attributes: readonly pkijs.Attribute[],
  digestAlgorithm: DigestAlgorithm,
  options: VerifyCmsOptions,
  problems: Problems,
  countersignatureOf: { signature: Uint8Array } | undefined,
): Promise<void> {
  try {
    const value = singleAttributeValue(attributes, CMS_OID.messageDigest, "message-digest");
    if (value === undefined) {
      problems.add("SIG_ATTRIBUTE_MISSING", { attribute: "message-digest" });
      return;
    }
    if (!(value instanceof asn1js.OctetString)) {
      problems.add("SIG_ATTRIBUTE_MALFORMED", { attribute: "message-digest" });
      return;
    }
    const expected =
      countersignatureOf === undefined
        ? await options.contentDigest(digestAlgorithm)
        : await digestBytes(digestAlgorithm, countersignatureOf.signature);
    if (!equalBytes(value.valueBlock.valueHexView, expected)) problems.add("SIG_DIGEST_MISMATCH");
  } catch (error) {
    problems.addCaught(error, "SIG_ATTRIBUTE_MALFORMED");
  }
}

function checkContentType(
  attributes: readonly pkijs.Attribute[],
  options: VerifyCmsOptions,
  problems: Problems,
): void {
  try {
    const value = singleAttributeValue(attributes, CMS_OID.contentType, "content-type");
    if (value === undefined) {
      problems.add("SIG_ATTRIBUTE_MISSING", { attribute: "content-type" });
    } else if (!(value instanceof asn1js.ObjectIdentifier)) {
      problems.add("SIG_ATTRIBUTE_MALFORMED", { attribute: "content-type" });
    } else if (value.valueBlock.toString() !== options.signedData.eContentType) {
      problems.add("SIG_CONTENT_TYPE_MISMATCH");
    }
  } catch (error) {
    problems.addCaught(error, "SIG_ATTRIBUTE_MALFORMED");
  }
}

async function checkSigningCertificateV2(
  attributes: readonly pkijs.Attribute[],
  signer: CertificateEntry,
  problems: Problems,
): Promise<void> {
  try {
    const value = singleAttributeValue(attributes, CMS_OID.signingCertificateV2, "signing-certificate-v2");
    if (value === undefined) {
      problems.add("SIG_SIGNING_CERT_V2_MISSING");
      return;
    }
    const essCertId = decodeSigningCertificateV2(value);
    if (typeof essCertId.hashAlgorithm !== "string") {
      problems.add("SIG_DIGEST_ALGORITHM_NOT_ALLOWED", { algorithm: essCertId.hashAlgorithm.refused });
      return;
    }
    const hash = await digestBytes(essCertId.hashAlgorithm, signer.der);
    if (!equalBytes(hash, essCertId.certHash)) {
      problems.add("SIG_SIGNING_CERT_V2_MISMATCH", { detail: "certificate hash" });
    } else if (essCertId.issuerSerial !== undefined) {
      const issuer = encodeDer(signer.certificate.issuer.toSchema());
      const serial = signer.certificate.serialNumber.valueBlock.valueHexView;
      if (
        !equalBytes(issuer, essCertId.issuerSerial.issuerDer) ||
        !equalBytes(serial, essCertId.issuerSerial.serial)
      ) {
        problems.add("SIG_SIGNING_CERT_V2_MISMATCH", { detail: "issuer and serial number" });
      }
    }
  } catch (error) {
    problems.addCaught(error, "SIG_ATTRIBUTE_MALFORMED");
  }
}

function checkSignatureAlgorithm(
  info: pkijs.SignerInfo,
  cns: CnsCertificate,
  digestAlgorithm: DigestAlgorithm,
  problems: Problems,
): void {
  const oid = info.signatureAlgorithm.algorithmId;
  const key = cns.keyAlgorithm;
  const allowed =
    key.name === "RSA"
      ? oid === CMS_OID.rsaEncryption || oid === RSA_SIGNATURE_OIDS[digestAlgorithm]
      : key.name === "EC" && oid === ECDSA_SIGNATURE_OIDS[digestAlgorithm];
  if (!allowed) problems.add("SIG_SIGNATURE_ALGORITHM_NOT_ALLOWED", { algorithm: oid });
  if (key.name === "RSA" && (key.size === null || key.size < MIN_RSA_BITS)) {
    problems.add("SIG_KEY_TOO_WEAK", { algorithm: "RSA", bits: key.size ?? 0 });
  }
}
