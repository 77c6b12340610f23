export { type ByteSource, bytesSource } from "./byte-source.js";
export { appendCountersignature } from "./countersign.js";
export { ecdsaDerToRaw, ecdsaRawToDer } from "./ecdsa-signature-value.js";
export { concatBytes, DER_TAG, derElement, derHeader, digestBytes, equalBytes } from "./der-bytes.js";
export {
  decodeSigningCertificateV2,
  encodeSigningCertificateV2,
  type EssCertIdV2,
} from "./ess-cert-id-v2.js";
export { CMS_OID, DIGEST_ALGORITHM_OIDS, digestAlgorithmFromOid } from "./oids.js";
export {
  type ContentRange,
  type EncapsulatedContent,
  MAX_CMS_STRUCTURE_BYTES,
  type ParsedSignedData,
  type ParsedSignerInfo,
  parseSignedData,
  readSignedData,
} from "./read-signed-data.js";
export { buildSignedAttributes, type SignedAttributesSpec } from "./signed-attributes.js";
export {
  encodeAttachedSignedData,
  encodeDetachedSignedData,
  encodeSignedDataEnvelope,
  type SignedDataParts,
} from "./signed-data-envelope.js";
export { createSignerInfo, type SignerInfoRequest } from "./signer-info.js";
export { assertSignerAllowed } from "./signer-policy.js";
