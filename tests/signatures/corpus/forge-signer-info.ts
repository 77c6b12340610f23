import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { type DigestAlgorithm, DIGEST_ALGORITHM_OIDS, type Signer } from "@cns-bridge/shared";

/**
 * A SignerInfo built from whatever attributes and algorithm identifiers a forged case needs, signed
 * for real by `signer` (with `signWith`), so that each case breaks exactly one rule. Test-only: the
 * product builds SignerInfos with `createSignerInfo`, which offers none of these knobs.
 */
export interface ForgeRequest {
  readonly signer: Signer;
  readonly attributes: readonly pkijs.Attribute[];
  /** The hash actually used to sign the attributes. */
  readonly signWith: DigestAlgorithm;
  /** SignerInfo.digestAlgorithm as written (defaults to signWith's OID). */
  readonly digestAlgorithmOid?: string;
  /** SignerInfo.signatureAlgorithm as written (defaults to what the key needs). */
  readonly signatureAlgorithmOid?: string;
  /** The certificate the sid names (defaults to the signer's). */
  readonly sidCertificate?: Uint8Array;
}

const ECDSA: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "1.2.840.10045.4.3.2",
  "SHA-384": "1.2.840.10045.4.3.3",
  "SHA-512": "1.2.840.10045.4.3.4",
};

export async function forgeSignerInfo(request: ForgeRequest): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate({
    schema: asn1js.fromBER((request.sidCertificate ?? request.signer.certificate).slice()).result,
  });
  const encoded = request.attributes
    .map((attribute) => ({ attribute, der: new Uint8Array(attribute.toSchema().toBER(false)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  const set = new asn1js.Set({ value: encoded.map((item) => item.attribute.toSchema()) });
  const toBeSigned = new Uint8Array(set.toBER(false));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest(request.signWith, toBeSigned));
  const signature = await request.signer.sign(digest, request.signWith);
  const signatureOid =
    request.signatureAlgorithmOid ??
    (request.signer.keyAlgorithm === "RSA" ? "1.2.840.113549.1.1.1" : ECDSA[request.signWith]);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: request.digestAlgorithmOid ?? DIGEST_ALGORITHM_OIDS[request.signWith],
    }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: encoded.map((item) => item.attribute),
    }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      signatureOid === "1.2.840.113549.1.1.1" || signatureOid === "1.2.840.113549.1.1.5"
        ? { algorithmId: signatureOid, algorithmParams: new asn1js.Null() }
        : { algorithmId: signatureOid },
    ),
    signature: new asn1js.OctetString({ valueHex: signature.slice().buffer }),
  });
  return new Uint8Array(signerInfo.toSchema().toBER(false));
}
