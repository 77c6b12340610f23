export {
  type CodiceFiscaleBirthDate,
  computeCodiceFiscaleCheckChar,
  isValidCodiceFiscale,
  maskCodiceFiscale,
  type ParsedCodiceFiscale,
  parseCodiceFiscale,
} from "./codice-fiscale.js";
export {
  computePartitaIvaCheckDigit,
  isValidPartitaIva,
  type ParsedPartitaIva,
  parsePartitaIva,
} from "./partita-iva.js";
export { type CertificateSource, MAX_CERTIFICATE_BYTES } from "./certificate-bytes.js";
export type { CertificateExtensions, KeyUsageFlags, QualifiedStatements } from "./certificate-extensions.js";
export type { CnsCertificateKeyAlgorithm } from "./certificate-key-algorithm.js";
export { describeKeyAlgorithm, summarizeCnsCertificate } from "./certificate-summary.js";
export { type CnsCertificateUsage, classifyUsage, type UsageVerdict } from "./certificate-usage.js";
export {
  type CnsCertificate,
  type CnsCertificateHolder,
  type ParseCnsCertificateOptions,
  parseCnsCertificate,
  RENEWAL_WINDOW_DAYS,
} from "./certificate.js";
export type { DistinguishedName, NameAttribute } from "./distinguished-name.js";
export { type CodiceFiscaleSource, findHolderCodiceFiscale } from "./holder-codice-fiscale.js";
