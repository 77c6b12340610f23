import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import {
  buildSignedAttributes,
  CMS_OID,
  concatBytes,
  createCadesEnvelope,
  DIGEST_ALGORITHM_OIDS,
  digestBytes,
  encodeAttachedSignedData,
  type ErrorCode,
  parseSignedData,
  type SignedDataParts,
  type Signer,
  addCountersignature,
} from "@cns-bridge/shared";
import type { SoftwarePki } from "../../support/software-pki.js";
import { forgeSignerInfo } from "./forge-signer-info.js";

/**
 * The tampered and forged CAdES corpus: each case is a `.p7m` (and, when detached, the content
 * given with it) that breaks one rule, with the code the verifier must answer. Generated from the
 * software PKI at test time, so the corpus always matches the current signing code.
 */
export interface CorpusCase {
  readonly name: string;
  readonly p7m: Uint8Array;
  /** The content passed beside a detached signature. */
  readonly content?: Uint8Array;
  /** Opening the file must fail with this code... */
  readonly throws?: ErrorCode;
  /** ...or the finding at `findingIndex` (default 0) must be invalid with this code among its errors. */
  readonly finding?: { readonly code: ErrorCode; readonly index?: number };
}

const SHA1 = "1.3.14.3.2.26";
const MD5 = "1.2.840.113549.2.5";
const SHA1_WITH_RSA = "1.2.840.113549.1.1.5";

export const CORPUS_CONTENT = new TextEncoder().encode(
  "Verbale di assemblea: approvato il bilancio.\n".repeat(20),
);

export async function makeCadesCorpus(pki: SoftwarePki): Promise<CorpusCase[]> {
  const content = CORPUS_CONTENT;
  const signer = pki.signers.rsa;
  const sha256 = await digestBytes("SHA-256", content);
  const now = new Date();

  const good = await attachedGood(signer, content);
  const standard = async (overrides: { signer?: Signer; signingTime?: Date; digest?: Uint8Array } = {}) =>
    buildSignedAttributes({
      contentType: CMS_OID.data,
      messageDigest: overrides.digest ?? sha256,
      signingTime: overrides.signingTime ?? now,
      signerCertificate: (overrides.signer ?? signer).certificate,
      digestAlgorithm: "SHA-256",
    });
  const without = (attributes: pkijs.Attribute[], oid: string) => attributes.filter((a) => a.type !== oid);
  const envelope = (signerInfo: Uint8Array, extra: Partial<SignedDataParts> = {}) =>
    encodeAttachedSignedData(
      {
        eContentType: CMS_OID.data,
        digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS["SHA-256"]],
        certificates: [signer.certificate, ...signer.chain],
        crls: [],
        signerInfos: [signerInfo],
        ...extra,
      },
      content,
    );
  const forged = async (
    attributes: pkijs.Attribute[],
    extra: Parameters<typeof forgeSignerInfo>[0] extends infer R ? Partial<R> : never = {},
  ) => envelope(await forgeSignerInfo({ signer, attributes, signWith: "SHA-256", ...extra }));

  const cases: CorpusCase[] = [];
  const add = (item: CorpusCase) => cases.push(item);

  add({
    name: "content-byte-flipped",
    p7m: flipAt(good, indexOf(good, content) + 10),
    finding: { code: "SIG_DIGEST_MISMATCH" },
  });
  {
    const detached = await detachedGood(signer, content);
    const changed = content.slice();
    changed[0] = (changed[0] ?? 0) ^ 0x20;
    add({
      name: "detached-content-modified",
      p7m: detached,
      content: changed,
      finding: { code: "SIG_DIGEST_MISMATCH" },
    });
    add({ name: "detached-content-missing", p7m: detached, throws: "CMS_CONTENT_MISSING" });
    add({ name: "attached-with-extra-content", p7m: good, content, throws: "CMS_CONTENT_UNEXPECTED" });
  }
  {
    const parsed = await parseSignedData(good);
    const info = parsed.signerInfoList[0]?.info;
    const attrs = new Uint8Array(info?.signedAttrs?.encodedValue ?? new ArrayBuffer(0));
    // Skip the SET header and the first attribute's header: flip a byte inside the attributes.
    add({
      name: "signed-attributes-byte-flipped",
      p7m: flipAt(good, indexOf(good, attrs.subarray(4)) + attrs.length - 10),
      finding: { code: "SIG_SIGNATURE_INVALID" },
    });
    const signature = info?.signature.valueBlock.valueHexView ?? new Uint8Array(0);
    add({
      name: "signature-value-byte-flipped",
      p7m: flipAt(good, indexOf(good, signature) + 7),
      finding: { code: "SIG_SIGNATURE_INVALID" },
    });
  }
  add({
    name: "wrong-certificate-substituted",
    p7m: envelope(
      await forgeSignerInfo({
        signer,
        attributes: await standard(),
        signWith: "SHA-256",
        sidCertificate: pki.signers.secondHolder.certificate,
      }),
      { certificates: [signer.certificate, pki.signers.secondHolder.certificate, ...signer.chain] },
    ),
    finding: { code: "SIG_SIGNING_CERT_V2_MISMATCH" },
  });
  add({
    name: "wrong-certificate-substituted-in-set",
    p7m: envelope(await forgeSignerInfo({ signer, attributes: await standard(), signWith: "SHA-256" }), {
      certificates: [pki.signers.secondHolder.certificate, ...signer.chain],
    }),
    finding: { code: "SIG_SIGNER_CERT_MISSING" },
  });
  add({
    name: "ess-cert-id-v2-of-another-certificate",
    p7m: await forged([
      ...without(await standard(), CMS_OID.signingCertificateV2),
      ...(await standard({ signer: pki.signers.secondHolder })).filter(
        (a) => a.type === CMS_OID.signingCertificateV2,
      ),
    ]),
    finding: { code: "SIG_SIGNING_CERT_V2_MISMATCH" },
  });
  add({
    name: "signing-certificate-v2-repeated",
    p7m: await forged([
      ...(await standard()),
      ...(await standard({ signer: pki.signers.secondHolder })).filter(
        (a) => a.type === CMS_OID.signingCertificateV2,
      ),
    ]),
    finding: { code: "SIG_ATTRIBUTE_MALFORMED" },
  });
  add({
    name: "signing-certificate-v2-missing",
    p7m: await forged(without(await standard(), CMS_OID.signingCertificateV2)),
    finding: { code: "SIG_SIGNING_CERT_V2_MISSING" },
  });
  add({
    name: "only-signing-certificate-v1-sha1",
    p7m: await forged([
      ...without(await standard(), CMS_OID.signingCertificateV2),
      await signingCertificateV1(signer.certificate),
    ]),
    finding: { code: "SIG_SIGNING_CERT_V2_MISSING" },
  });
  add({
    name: "ess-cert-id-v2-with-sha1",
    p7m: await forged([
      ...without(await standard(), CMS_OID.signingCertificateV2),
      await signingCertificateV2Sha1(signer.certificate),
    ]),
    finding: { code: "SIG_DIGEST_ALGORITHM_NOT_ALLOWED" },
  });
  add({
    name: "signing-time-missing",
    p7m: await forged(without(await standard(), CMS_OID.signingTime)),
    finding: { code: "SIG_ATTRIBUTE_MISSING" },
  });
  add({
    name: "message-digest-missing",
    p7m: await forged(without(await standard(), CMS_OID.messageDigest)),
    finding: { code: "SIG_ATTRIBUTE_MISSING" },
  });
  add({
    name: "content-type-missing",
    p7m: await forged(without(await standard(), CMS_OID.contentType)),
    finding: { code: "SIG_ATTRIBUTE_MISSING" },
  });
  add({
    name: "content-type-mismatch",
    p7m: await forged([
      ...without(await standard(), CMS_OID.contentType),
      new pkijs.Attribute({
        type: CMS_OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: CMS_OID.signedData })],
      }),
    ]),
    finding: { code: "SIG_CONTENT_TYPE_MISMATCH" },
  });
  add({
    name: "message-digest-repeated",
    p7m: await forged([
      ...(await standard()),
      new pkijs.Attribute({
        type: CMS_OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: new Uint8Array(32).buffer })],
      }),
    ]),
    finding: { code: "SIG_ATTRIBUTE_MALFORMED" },
  });
  add({
    name: "signing-time-not-a-time",
    p7m: await forged([
      ...without(await standard(), CMS_OID.signingTime),
      new pkijs.Attribute({ type: CMS_OID.signingTime, values: [new asn1js.Integer({ value: 20240101 })] }),
    ]),
    finding: { code: "SIG_ATTRIBUTE_MALFORMED" },
  });
  add({
    name: "digest-algorithm-sha1",
    p7m: await forged(await standard({ digest: await digestBytes("SHA-1", content) }), {
      digestAlgorithmOid: SHA1,
    }),
    finding: { code: "SIG_DIGEST_ALGORITHM_NOT_ALLOWED" },
  });
  add({
    name: "digest-algorithm-md5",
    p7m: await forged(await standard(), { digestAlgorithmOid: MD5 }),
    finding: { code: "SIG_DIGEST_ALGORITHM_NOT_ALLOWED" },
  });
  add({
    name: "signature-algorithm-sha1-with-rsa",
    p7m: await forged(await standard(), { signatureAlgorithmOid: SHA1_WITH_RSA }),
    finding: { code: "SIG_SIGNATURE_ALGORITHM_NOT_ALLOWED" },
  });
  add({
    name: "rsa-1024-old-generation",
    p7m: await attachedGood(pki.signers.rsa1024, content),
    finding: { code: "SIG_KEY_TOO_WEAK" },
  });
  add({
    name: "expired-certificate",
    p7m: await attachedGood(pki.signers.expired, content),
    finding: { code: "SIG_CERT_NOT_VALID_AT_SIGNING_TIME" },
  });
  add({
    name: "signing-time-before-certificate",
    p7m: await forged(await standard({ signingTime: new Date(Date.now() - 3 * 365 * 86_400_000) })),
    finding: { code: "SIG_CERT_NOT_VALID_AT_SIGNING_TIME" },
  });
  add({
    name: "untrusted-ca",
    p7m: await attachedGood(pki.untrustedSigner, content),
    finding: { code: "SIG_CHAIN_UNTRUSTED" },
  });
  {
    const countersigned = encodeAttachedSignedData(
      await addCountersignature(await parseSignedData(good), 0, { signer: pki.signers.ec }),
      content,
    );
    const parsed = await parseSignedData(countersigned);
    const counterDer = parsed.signerInfoList[0]?.info.unsignedAttrs?.attributes[0]?.values[0];
    const counterSignature =
      counterDer === undefined
        ? new Uint8Array(0)
        : new pkijs.SignerInfo({ schema: counterDer }).signature.valueBlock.valueHexView;
    add({
      name: "countersignature-value-flipped",
      p7m: flipAt(countersigned, indexOf(countersigned, counterSignature) + 5),
      finding: { code: "SIG_SIGNATURE_INVALID", index: 1 },
    });
  }
  add({ name: "truncated-der", p7m: good.subarray(0, good.length - 40), throws: "CMS_MALFORMED" });
  add({
    name: "truncated-in-content",
    p7m: good.subarray(0, indexOf(good, content) + 5),
    throws: "CMS_MALFORMED",
  });
  add({ name: "trailing-bytes", p7m: concatBytes([good, Uint8Array.of(0, 1, 2)]), throws: "CMS_MALFORMED" });
  {
    const huge = good.slice();
    // ContentInfo with a 6-byte length far beyond the file.
    add({
      name: "huge-outer-length",
      p7m: concatBytes([Uint8Array.of(0x30, 0x86, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff), huge.subarray(4)]),
      throws: "CMS_MALFORMED",
    });
  }
  add({
    name: "not-signed-data",
    p7m: new Uint8Array(
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: CMS_OID.data }),
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [new asn1js.OctetString({ valueHex: content.slice().buffer })],
          }),
        ],
      }).toBER(false),
    ),
    throws: "CMS_MALFORMED",
  });
  add({
    name: "no-signer-infos",
    p7m: encodeAttachedSignedData(
      { eContentType: CMS_OID.data, digestAlgorithmOids: [], certificates: [], crls: [], signerInfos: [] },
      content,
    ),
    throws: "CMS_NO_SIGNATURES",
  });
  add({ name: "content-chunks-nested-too-deep", p7m: deeplyNestedContent(), throws: "CMS_MALFORMED" });
  return cases;
}

async function attachedGood(signer: Signer, content: Uint8Array): Promise<Uint8Array> {
  const { prefix, suffix } = await createCadesEnvelope(
    await digestBytes("SHA-256", content),
    { signer },
    content.length,
  );
  return concatBytes([prefix, content, suffix]);
}

async function detachedGood(signer: Signer, content: Uint8Array): Promise<Uint8Array> {
  const { prefix, suffix } = await createCadesEnvelope(await digestBytes("SHA-256", content), { signer });
  return concatBytes([prefix, suffix]);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const index = Buffer.from(haystack).indexOf(Buffer.from(needle));
  if (index < 0 || needle.length === 0) throw new Error("corpus: pattern not found");
  return index;
}

function flipAt(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

/** The old SigningCertificate (RFC 2634, SHA-1 ESSCertID): not enough for CAdES-B-B. */
async function signingCertificateV1(certificate: Uint8Array): Promise<pkijs.Attribute> {
  const hash = await digestBytes("SHA-1", certificate);
  return new pkijs.Attribute({
    type: CMS_OID.signingCertificate,
    values: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: hash.buffer })] })],
          }),
        ],
      }),
    ],
  });
}

async function signingCertificateV2Sha1(certificate: Uint8Array): Promise<pkijs.Attribute> {
  const hash = await digestBytes("SHA-1", certificate);
  return new pkijs.Attribute({
    type: CMS_OID.signingCertificateV2,
    values: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({
                value: [
                  new pkijs.AlgorithmIdentifier({ algorithmId: SHA1 }).toSchema(),
                  new asn1js.OctetString({ valueHex: hash.buffer }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** An eContent of constructed OCTET STRINGs nested 20 deep: BER allows it, nobody real does it. */
function deeplyNestedContent(): Uint8Array {
  let octets: asn1js.BaseBlock = new asn1js.OctetString({ valueHex: new Uint8Array([1, 2, 3]).buffer });
  for (let i = 0; i < 20; i += 1) {
    octets = new asn1js.OctetString({
      idBlock: { isConstructed: true },
      lenBlock: { isIndefiniteForm: true },
      value: [octets],
    } as never);
  }
  const signedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Set({ value: [] }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: CMS_OID.data }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [octets] }),
        ],
      }),
      new asn1js.Set({ value: [] }),
    ],
  });
  return new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: CMS_OID.signedData }),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [signedData] }),
      ],
    }).toBER(false),
  );
}
