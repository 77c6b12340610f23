import * as pkijs from "pkijs";
import { CnsBridgeError, isCnsBridgeError } from "../errors/index.js";
import { bytesToHex } from "./bytes-to-hex.js";
import { type CertificateSource, certificateDer } from "./certificate-bytes.js";
import {
  type KeyUsageFlags,
  type QualifiedStatements,
  readCertificateExtensions,
} from "./certificate-extensions.js";
import { type CnsCertificateKeyAlgorithm, readKeyAlgorithm } from "./certificate-key-algorithm.js";
import { type CnsCertificateUsage, classifyUsage } from "./certificate-usage.js";
import { decodeDer } from "./decode-der.js";
import { type DistinguishedName, readDistinguishedName } from "./distinguished-name.js";
import { type CodiceFiscaleSource, findHolderCodiceFiscale } from "./holder-codice-fiscale.js";

/** Renewal is offered in the last 90 days of a certificate's life. */
export const RENEWAL_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface CnsCertificateHolder {
  /** Upper case; null when the certificate carries no valid personal codice fiscale. */
  readonly codiceFiscale: string | null;
  /** Where the codice fiscale was found. */
  readonly codiceFiscaleSource: CodiceFiscaleSource | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly commonName: string | null;
}

/** A certificate read from a CNS (or any PKCS#11 token), as cns-bridge needs to see it. */
export interface CnsCertificate {
  readonly usage: CnsCertificateUsage;
  /** Why `usage` was chosen (policies, key usage bits, EKU), for diagnostics. */
  readonly usageEvidence: readonly string[];
  readonly holder: CnsCertificateHolder;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Certificate serial number, lowercase hex without leading zero bytes. */
  readonly serialNumberHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whole days left until notAfter (rounded down); negative once expired. */
  readonly daysToExpiry: number;
  readonly expired: boolean;
  readonly notYetValid: boolean;
  /** Not expired and at most RENEWAL_WINDOW_DAYS days to expiry. */
  readonly inRenewalWindow: boolean;
  readonly qualified: QualifiedStatements;
  readonly policies: readonly string[];
  /** Null when the certificate has no key usage extension. */
  readonly keyUsage: KeyUsageFlags | null;
  readonly extendedKeyUsage: readonly string[];
  readonly isCa: boolean;
  readonly keyAlgorithm: CnsCertificateKeyAlgorithm;
  /** OID of the algorithm the issuer signed the certificate with. */
  readonly signatureAlgorithm: string;
  /** SHA-256 of the DER, lowercase hex. */
  readonly sha256Fingerprint: string;
  readonly der: Uint8Array;
}

export interface ParseCnsCertificateOptions {
  /** The moment expiry is measured from; defaults to the current time. */
  readonly now?: Date;
}

/**
 * Reads an X.509 certificate (DER bytes, or PEM as text or bytes) into a CNS view.
 *
 * Async because the SHA-256 fingerprint comes from WebCrypto (`crypto.subtle.digest`), which is
 * the only digest available both in browsers and in Node without a dependency.
 *
 * Anything that is not a well-formed certificate (truncated, trailing bytes, random bytes, wrong
 * tags, huge lengths, deep nesting, BER indefinite lengths, malformed key usage, EKU, policies or
 * QC statements) throws CnsBridgeError CERT_MALFORMED. A certificate without a recognisable
 * holder codice fiscale is not an error: `holder.codiceFiscale` is null.
 */
export async function parseCnsCertificate(
  source: CertificateSource,
  options: ParseCnsCertificateOptions = {},
): Promise<CnsCertificate> {
  const der = certificateDer(source);
  const view = readCertificate(der, options.now ?? new Date());
  const digest = await globalThis.crypto.subtle.digest("SHA-256", der.slice());
  return { ...view, sha256Fingerprint: bytesToHex(new Uint8Array(digest)), der };
}

function readCertificate(der: Uint8Array, now: Date): Omit<CnsCertificate, "sha256Fingerprint" | "der"> {
  try {
    const certificate = new pkijs.Certificate({ schema: decodeDer(der, "certificate") });
    const subject = readDistinguishedName(certificate.subject);
    const issuer = readDistinguishedName(certificate.issuer);
    const extensions = readCertificateExtensions(certificate.extensions ?? []);
    const verdict = classifyUsage(extensions);
    const holderCode = findHolderCodiceFiscale(subject);
    const notBefore = validDate(certificate.notBefore.value, "notBefore");
    const notAfter = validDate(certificate.notAfter.value, "notAfter");
    const daysToExpiry = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
    const expired = now.getTime() > notAfter.getTime();
    return {
      usage: verdict.usage,
      usageEvidence: verdict.evidence,
      holder: {
        codiceFiscale: holderCode?.codiceFiscale ?? null,
        codiceFiscaleSource: holderCode?.source ?? null,
        givenName: subject.givenName,
        surname: subject.surname,
        commonName: subject.commonName,
      },
      subject,
      issuer,
      serialNumberHex: serialHex(certificate.serialNumber.valueBlock.valueHexView),
      notBefore,
      notAfter,
      daysToExpiry,
      expired,
      notYetValid: now.getTime() < notBefore.getTime(),
      inRenewalWindow: !expired && daysToExpiry <= RENEWAL_WINDOW_DAYS,
      qualified: extensions.qualified,
      policies: extensions.policies,
      keyUsage: extensions.keyUsage,
      extendedKeyUsage: extensions.extendedKeyUsage,
      isCa: extensions.isCa,
      keyAlgorithm: readKeyAlgorithm(certificate.subjectPublicKeyInfo),
      signatureAlgorithm: certificate.signatureAlgorithm.algorithmId,
    };
  } catch (cause) {
    if (isCnsBridgeError(cause)) {
      throw cause;
    }
    // pkijs reports a schema mismatch by throwing; whatever it throws, the input was not a
    // certificate we can read, and callers only ever see the coded error.
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "not an X.509 certificate structure" }, { cause });
  }
}

function validDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `${field} is not a valid date` });
  }
  return value;
}

function serialHex(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start += 1;
  }
  return bytesToHex(bytes.subarray(start));
}
