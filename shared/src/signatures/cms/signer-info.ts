import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DigestAlgorithm, KeyAlgorithm, Signer } from "../signer.js";
import type { SignedAttributesSpec } from "./signed-attributes.js";
import { CMS_OID, DIGEST_ALGORITHM_OIDS, ECDSA_SIGNATURE_OIDS } from "./oids.js";
import { CertificateMemo, decodedSignerCertificate } from "./certificate-memo.js";
import { encodeSigningCertificateV2 } from "./ess-cert-id-v2.js";
import { concatBytes, derElement, derSetOf, digestBytes, encodeDer } from "./der-bytes.js";

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
 * signed attributes (content-type, message-digest, signing-time, signing-certificate-v2, extras).
 * Only the digest of the attributes goes to the signer (the card). Returns the SignerInfo's DER.
 *
 * What depends only on the signer (issuerAndSerialNumber, the ESS signing-certificate-v2
 * attribute, the algorithm identifiers) is encoded once per certificate and digest algorithm and
 * reused, so a batch of many documents with one login re-encodes only the digest and the time.
 */
export async function createSignerInfo(request: SignerInfoRequest): Promise<Uint8Array<ArrayBuffer>> {
  const { signer, digestAlgorithm } = request;
  const constants = await signerConstants(signer, digestAlgorithm);
  const attributes: Uint8Array[] = [];
  if (request.contentType !== undefined) {
    attributes.push(attribute(CMS_OID.contentType, oidDer(request.contentType)));
  }
  attributes.push(attribute(CMS_OID.messageDigest, derElement(0x04, request.messageDigest)));
  if (request.signingTime !== undefined) attributes.push(signingTimeAttribute(request.signingTime));
  attributes.push(constants.signingCertificateV2);
  for (const extra of request.extraSignedAttributes ?? []) attributes.push(encodeDer(extra.toSchema()));
  // The [0] IMPLICIT encoding in the SignerInfo and the SET OF that is signed must list the
  // attributes in the same (DER) order, or verifiers hash different bytes than we signed.
  const toBeSigned = derSetOf(attributes);
  const signature = await signer.sign(await digestBytes(digestAlgorithm, toBeSigned), digestAlgorithm);
  const signedAttrs = toBeSigned.slice();
  signedAttrs[0] = 0xa0;
  return derElement(
    0x30,
    concatBytes([
      VERSION_1,
      constants.sid,
      constants.digestAlgorithm,
      signedAttrs,
      constants.signatureAlgorithm,
      derElement(0x04, signature),
    ]),
  );
}

/** INTEGER 1: SignerInfo version with issuerAndSerialNumber. */
const VERSION_1 = Uint8Array.of(0x02, 0x01, 0x01);

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue } with one value. */
function attribute(type: string, valueDer: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x30, concatBytes([oidDer(type), derElement(0x31, valueDer)]));
}

const oidCache = new Map<string, Uint8Array<ArrayBuffer>>();
function oidDer(oid: string): Uint8Array<ArrayBuffer> {
  let der = oidCache.get(oid);
  if (der === undefined) {
    der = encodeDer(new asn1js.ObjectIdentifier({ value: oid }));
    oidCache.set(oid, der);
  }
  return der;
}

function signingTimeAttribute(signingTime: Date): Uint8Array<ArrayBuffer> {
  // RFC 5652 §11.3: UTCTime up to 2049, GeneralizedTime after; whole seconds.
  const time = new Date(Math.floor(signingTime.getTime() / 1000) * 1000);
  const value =
    time.getUTCFullYear() < 2050
      ? new asn1js.UTCTime({ valueDate: time })
      : new asn1js.GeneralizedTime({ valueDate: time });
  return attribute(CMS_OID.signingTime, encodeDer(value));
}

/** The DER of a SignerInfo's parts that depend only on the signer and the digest algorithm. */
interface SignerConstants {
  readonly sid: Uint8Array;
  readonly digestAlgorithm: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  /** The whole signing-certificate-v2 Attribute. */
  readonly signingCertificateV2: Uint8Array;
}

const constantsByCertificate = new CertificateMemo(() => new Map<string, Promise<SignerConstants>>());

function signerConstants(signer: Signer, digestAlgorithm: DigestAlgorithm): Promise<SignerConstants> {
  const perAlgorithm = constantsByCertificate.get(signer.certificate);
  const key = `${digestAlgorithm}/${signer.keyAlgorithm}`;
  let constants = perAlgorithm.get(key);
  if (constants === undefined) {
    constants = encodeSignerConstants(signer.certificate, signer.keyAlgorithm, digestAlgorithm);
    const entry = constants;
    // A failed encoding (broken certificate) is not remembered: the next call reports it again.
    entry.catch(() => {
      if (perAlgorithm.get(key) === entry) perAlgorithm.delete(key);
    });
    perAlgorithm.set(key, entry);
  }
  return constants;
}

async function encodeSignerConstants(
  certificateDer: Uint8Array,
  keyAlgorithm: KeyAlgorithm,
  digestAlgorithm: DigestAlgorithm,
): Promise<SignerConstants> {
  const certificate = decodedSignerCertificate(certificateDer);
  const sid = new pkijs.IssuerAndSerialNumber({
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
  });
  const signatureAlgorithm =
    keyAlgorithm === "RSA"
      ? new pkijs.AlgorithmIdentifier({
          algorithmId: CMS_OID.rsaEncryption,
          algorithmParams: new asn1js.Null(),
        })
      : new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SIGNATURE_OIDS[digestAlgorithm] });
  const ess = await encodeSigningCertificateV2(certificateDer, digestAlgorithm);
  return {
    sid: encodeDer(sid.toSchema()),
    digestAlgorithm: encodeDer(
      new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_ALGORITHM_OIDS[digestAlgorithm] }).toSchema(),
    ),
    signatureAlgorithm: encodeDer(signatureAlgorithm.toSchema()),
    signingCertificateV2: attribute(CMS_OID.signingCertificateV2, encodeDer(ess)),
  };
}
