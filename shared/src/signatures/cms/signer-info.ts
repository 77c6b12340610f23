import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DigestAlgorithm, Signer } from "../signer.js";
import { buildSignedAttributes, type SignedAttributesSpec } from "./signed-attributes.js";
import { CMS_OID, DIGEST_ALGORITHM_OIDS, ECDSA_SIGNATURE_OIDS } from "./oids.js";
import { decodedSignerCertificate } from "./certificate-memo.js";
import { compareBytes, derSetOf, digestBytes, encodeDer } from "./der-bytes.js";

export interface SignerInfoRequest {
  readonly signer: Signer;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Digest of what is signed: the content, or the countersigned signature value. */
  readonly messageDigest: Uint8Array;
  /** eContentType for a signature over content; omit for a countersignature. */
  readonly contentType?: string;
  /** CAdES: the signing time; PAdES: omit. */
  readonly signingTime?: Date;
  readonly extraSignedAttributes?: SignedAttributesSpec["extra"];
}

/**
 * Builds and signs one SignerInfo (RFC 5652 §5.3): version 1, issuerAndSerialNumber, DER-sorted
 * signed attributes. Only the digest of the attributes goes to the signer (the card).
 * Returns the SignerInfo's DER.
 */
export async function createSignerInfo(request: SignerInfoRequest): Promise<Uint8Array<ArrayBuffer>> {
  const { signer, digestAlgorithm } = request;
  const certificate = decodedSignerCertificate(signer.certificate);
  const attributes = await buildSignedAttributes({
    ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
    ...(request.signingTime === undefined ? {} : { signingTime: request.signingTime }),
    ...(request.extraSignedAttributes === undefined ? {} : { extra: request.extraSignedAttributes }),
    messageDigest: request.messageDigest,
    signerCertificate: signer.certificate,
    digestAlgorithm,
  });
  // The [0] IMPLICIT encoding in the SignerInfo and the SET OF that is signed must list the
  // attributes in the same (DER) order, or verifiers hash different bytes than we signed.
  const sorted = attributes
    .map((attribute) => ({ attribute, der: encodeDer(attribute.toSchema()) }))
    .sort((a, b) => compareBytes(a.der, b.der));
  const toBeSigned = derSetOf(sorted.map((item) => item.der));
  const signature = await signer.sign(await digestBytes(digestAlgorithm, toBeSigned), digestAlgorithm);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_ALGORITHM_OIDS[digestAlgorithm] }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: sorted.map((item) => item.attribute),
    }),
    signatureAlgorithm:
      signer.keyAlgorithm === "RSA"
        ? new pkijs.AlgorithmIdentifier({
            algorithmId: CMS_OID.rsaEncryption,
            algorithmParams: new asn1js.Null(),
          })
        : new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SIGNATURE_OIDS[digestAlgorithm] }),
    signature: new asn1js.OctetString({ valueHex: signature.slice().buffer }),
  });
  return encodeDer(signerInfo.toSchema());
}
