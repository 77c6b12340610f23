import type { CertificateSummary } from "../protocol/fields.js";
import type { CnsCertificateKeyAlgorithm } from "./certificate-key-algorithm.js";
import type { CnsCertificate } from "./certificate.js";

/**
 * The protocol's short view of a certificate (what `cns-agent tokens` and the extension show).
 * `id` is the token object's CKA_ID in lowercase hex.
 */
export function summarizeCnsCertificate(certificate: CnsCertificate, id: string): CertificateSummary {
  return {
    id,
    usage: certificate.usage,
    holder: {
      codiceFiscale: certificate.holder.codiceFiscale,
      givenName: certificate.holder.givenName,
      surname: certificate.holder.surname,
    },
    issuer: certificate.issuer.commonName ?? certificate.issuer.organization ?? "",
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    daysToExpiry: certificate.daysToExpiry,
    qualified: certificate.qualified.qcCompliance,
    keyAlgorithm: describeKeyAlgorithm(certificate.keyAlgorithm),
  };
}

/** "RSA 2048", "EC P-256", or the OID for algorithms we do not name. */
export function describeKeyAlgorithm(algorithm: CnsCertificateKeyAlgorithm): string {
  switch (algorithm.name) {
    case "RSA":
      return algorithm.size === null ? "RSA" : `RSA ${algorithm.size}`;
    case "EC":
      return algorithm.namedCurve === undefined ? "EC" : `EC ${algorithm.namedCurve}`;
    case "other":
      return algorithm.oid;
  }
}
