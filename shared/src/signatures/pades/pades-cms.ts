import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CnsBridgeError } from "../../errors/index.js";
import { CMS_OID, createSignerInfo, DIGEST_ALGORITHM_OIDS, encodeDetachedSignedData } from "../cms/index.js";
import type { DigestAlgorithm, Signer } from "../signer.js";

export interface PadesCmsInput {
  /** Digest of the bytes the /ByteRange covers. */
  readonly contentDigest: Uint8Array;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signer: Signer;
}

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const asn1 = asn1js.fromBER(der.slice());
  if (asn1.offset === -1) throw new CnsBridgeError("CERT_MALFORMED");
  return new pkijs.Certificate({ schema: asn1.result });
}

/**
 * The CMS SignedData a PAdES-B-B signature carries (ETSI EN 319 142-1 §6.3): detached, signed
 * attributes content-type, message-digest and signing-certificate-v2 from the shared CMS
 * builder, and deliberately no signing-time: PAdES puts the claimed time in /M.
 * `signature` replaces the signer's call when only the size is wanted.
 */
export async function buildPadesCms(input: PadesCmsInput, signature?: Uint8Array): Promise<Uint8Array> {
  const signer: Signer =
    signature === undefined ? input.signer : { ...input.signer, sign: () => Promise.resolve(signature) };
  const signerInfo = await createSignerInfo({
    signer,
    digestAlgorithm: input.digestAlgorithm,
    messageDigest: input.contentDigest,
    contentType: CMS_OID.data,
  });
  return encodeDetachedSignedData({
    eContentType: CMS_OID.data,
    digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS[input.digestAlgorithm]],
    certificates: [signer.certificate, ...signer.chain],
    crls: [],
    signerInfos: [signerInfo],
  });
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
