import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CnsBridgeError } from "../../errors/index.js";
import type { DigestAlgorithm, Signer } from "../signer.js";

/**
 * The CMS SignedData a PAdES-B-B signature carries (ETSI EN 319 142-1 §6.3, EN 319 122-1):
 * detached, signed attributes content-type, message-digest and signing-certificate-v2, and
 * deliberately no signing-time: PAdES puts the claimed time in the signature dictionary's /M.
 */
const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  rsaEncryption: "1.2.840.113549.1.1.1",
} as const;

export const DIGEST_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "2.16.840.1.101.3.4.2.1",
  "SHA-384": "2.16.840.1.101.3.4.2.2",
  "SHA-512": "2.16.840.1.101.3.4.2.3",
};

const ECDSA_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "1.2.840.10045.4.3.2",
  "SHA-384": "1.2.840.10045.4.3.3",
  "SHA-512": "1.2.840.10045.4.3.4",
};

export interface PadesCmsInput {
  /** Digest of the bytes the /ByteRange covers. */
  readonly contentDigest: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signer: Signer;
}

async function digest(algorithm: DigestAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data as Uint8Array<ArrayBuffer>));
}

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1) throw new CnsBridgeError("CERT_MALFORMED");
  return new pkijs.Certificate({ schema: asn1.result });
}

function algorithmId(oid: string, withNullParameters: boolean): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier(
    withNullParameters ? { algorithmId: oid, algorithmParams: new asn1js.Null() } : { algorithmId: oid },
  );
}

/** ESSCertIDv2 (RFC 5035): the hash of the signer certificate plus its issuer and serial. */
async function signingCertificateV2(
  certificate: pkijs.Certificate,
  der: Uint8Array,
  algorithm: DigestAlgorithm,
): Promise<pkijs.Attribute> {
  const certHash = await digest(algorithm, der);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [certificate.issuer.toSchema()],
          }),
        ],
      }),
      certificate.serialNumber,
    ],
  });
  // hashAlgorithm DEFAULT id-sha256: DER leaves the default out.
  const essCertId = new asn1js.Sequence({
    value: [
      ...(algorithm === "SHA-256" ? [] : [algorithmId(DIGEST_OIDS[algorithm], false).toSchema()]),
      new asn1js.OctetString({ valueHex: certHash.slice().buffer }),
      issuerSerial,
    ],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] })],
  });
}

/** DER SET OF sorts its members by their encodings (X.690 §11.6). */
function sortedAttributes(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({
    attribute,
    der: new Uint8Array(attribute.toSchema().toBER()),
  }));
  encoded.sort((a, b) => compareBytes(a.der, b.der));
  return encoded.map((item) => item.attribute);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

/** Builds the DER ContentInfo; `signature` replaces the signer's call when sizing the placeholder. */
export async function buildPadesCms(input: PadesCmsInput, signature?: Uint8Array): Promise<Uint8Array> {
  const { signer, digestAlgorithm } = input;
  const certificate = parseCertificate(signer.certificate);
  const attributes = sortedAttributes([
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: input.contentDigest.slice().buffer })],
    }),
    await signingCertificateV2(certificate, signer.certificate, digestAlgorithm),
  ]);
  const toBeSigned = new Uint8Array(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER());
  const signatureValue =
    signature ?? (await signer.sign(await digest(digestAlgorithm, toBeSigned), digestAlgorithm));

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    }),
    digestAlgorithm: algorithmId(DIGEST_OIDS[digestAlgorithm], false),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm:
      signer.keyAlgorithm === "RSA"
        ? algorithmId(OID.rsaEncryption, true)
        : algorithmId(ECDSA_OIDS[digestAlgorithm], false),
    signature: new asn1js.OctetString({ valueHex: signatureValue.slice().buffer }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [algorithmId(DIGEST_OIDS[digestAlgorithm], false)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate, ...signer.chain.map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

const EC_SIGNATURE_BYTES: Readonly<Record<string, number>> = {
  "1.2.840.10045.3.1.7": 72, // P-256: SEQUENCE of two INTEGERs of up to 33 bytes
  "1.3.132.0.34": 104, // P-384
  "1.3.132.0.35": 139, // P-521
};

/**
 * The largest signature this signer's key can produce: RSA signatures are exactly the
 * modulus length, ECDSA's DER encoding at most the sizes above. Used to size the placeholder
 * from the real key instead of reserving a guess.
 */
export function maxSignatureBytes(signer: Signer): number {
  const certificate = parseCertificate(signer.certificate);
  const spki = certificate.subjectPublicKeyInfo;
  if (signer.keyAlgorithm === "RSA") {
    const key = asn1js.fromBER(spki.subjectPublicKey.valueBlock.valueHexView);
    const modulus = (key.result as asn1js.Sequence).valueBlock.value[0];
    if (!(modulus instanceof asn1js.Integer)) throw new CnsBridgeError("CERT_MALFORMED");
    const bytes = modulus.valueBlock.valueHexView;
    return bytes[0] === 0 ? bytes.length - 1 : bytes.length;
  }
  const curve = spki.algorithm.algorithmParams;
  const size =
    curve instanceof asn1js.ObjectIdentifier ? EC_SIGNATURE_BYTES[curve.valueBlock.toString()] : undefined;
  return size ?? 139;
}

/** Upper bound of the DER CMS size: the structure with a signature of the largest size. */
export async function maxPadesCmsBytes(signer: Signer, digestAlgorithm: DigestAlgorithm): Promise<number> {
  const digestLength = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[digestAlgorithm];
  const sample = await buildPadesCms(
    { contentDigest: new Uint8Array(digestLength), digestAlgorithm, signer },
    new Uint8Array(maxSignatureBytes(signer)).fill(0xff),
  );
  return sample.length;
}
