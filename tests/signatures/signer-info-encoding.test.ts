import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import {
  buildSignedAttributes,
  CMS_OID,
  createSignerInfo,
  DIGEST_ALGORITHM_OIDS,
  type DigestAlgorithm,
  type Signer,
} from "@cns-bridge/shared";
import { loadSoftwarePki } from "../support/software-pki.js";

/**
 * createSignerInfo writes the DER of a SignerInfo by hand from parts encoded once per signer; this
 * reference builds the same SignerInfo with pkijs objects, the way it was built before, so any
 * difference in a byte (order, lengths, a DEFAULT left in) shows up here.
 */
async function referenceSignerInfo(
  signer: Signer,
  digestAlgorithm: DigestAlgorithm,
  messageDigest: Uint8Array,
  signingTime: Date | undefined,
  signature: Uint8Array,
): Promise<Uint8Array> {
  const attributes = await buildSignedAttributes({
    contentType: CMS_OID.data,
    messageDigest,
    ...(signingTime === undefined ? {} : { signingTime }),
    signerCertificate: signer.certificate,
    digestAlgorithm,
  });
  const der = (value: asn1js.AsnType) => new Uint8Array(value.toBER(false));
  const sorted = attributes
    .map((attribute) => ({ attribute, der: der(attribute.toSchema()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  const certificate = new pkijs.Certificate({ schema: asn1js.fromBER(signer.certificate.slice()).result });
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
        : new pkijs.AlgorithmIdentifier({
            algorithmId: {
              "SHA-256": "1.2.840.10045.4.3.2",
              "SHA-384": "1.2.840.10045.4.3.3",
              "SHA-512": "1.2.840.10045.4.3.4",
            }[digestAlgorithm],
          }),
    signature: new asn1js.OctetString({ valueHex: signature.slice().buffer }),
  });
  return der(signerInfo.toSchema());
}

describe("createSignerInfo", () => {
  const cases = [
    ["rsa", "SHA-256", new Date("2026-03-01T10:20:30.456Z")],
    ["rsa", "SHA-512", new Date("2051-01-01T00:00:00Z")],
    ["ec", "SHA-384", undefined],
    ["ec", "SHA-256", new Date("2030-12-31T23:59:59Z")],
  ] as const;

  it.each(cases)(
    "encodes the same bytes as pkijs (%s, %s, time %s), again when the signer's parts are cached",
    async (variant, digestAlgorithm, signingTime) => {
      const pki = await loadSoftwarePki();
      const fixedSignature = new Uint8Array(variant === "rsa" ? 256 : 71).fill(0x5a);
      const signed: Uint8Array[] = [];
      const signer: Signer = {
        ...pki.signers[variant],
        certificate: pki.signers[variant].certificate,
        chain: pki.signers[variant].chain,
        keyAlgorithm: pki.signers[variant].keyAlgorithm,
        sign: (digest) => {
          signed.push(digest);
          return Promise.resolve(fixedSignature);
        },
      };
      for (const fill of [1, 2]) {
        const messageDigest = new Uint8Array(
          { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[digestAlgorithm],
        ).fill(fill);
        const ours = await createSignerInfo({
          signer,
          digestAlgorithm,
          messageDigest,
          contentType: CMS_OID.data,
          ...(signingTime === undefined ? {} : { signingTime }),
        });
        const reference = await referenceSignerInfo(
          signer,
          digestAlgorithm,
          messageDigest,
          signingTime,
          fixedSignature,
        );
        expect(Buffer.from(ours).toString("hex")).toBe(Buffer.from(reference).toString("hex"));
      }
      // Each document's attributes are hashed afresh: two message digests, two different inputs to sign.
      expect(signed).toHaveLength(2);
      expect(Buffer.from(signed[0] ?? []).equals(Buffer.from(signed[1] ?? []))).toBe(false);
    },
  );
});
