import { CnsBridgeError } from "../../errors/index.js";
import type { DigestAlgorithm, Signer } from "../signer.js";
import { appendCountersignature } from "../cms/countersign.js";
import { digestBytes } from "../cms/der-bytes.js";
import { CMS_OID, DIGEST_ALGORITHM_OIDS } from "../cms/oids.js";
import type { ParsedSignedData } from "../cms/read-signed-data.js";
import { encodeSignedDataEnvelope, type SignedDataParts } from "../cms/signed-data-envelope.js";
import { createSignerInfo } from "../cms/signer-info.js";

export interface CadesSignOptions {
  readonly signer: Signer;
  /** SHA-256 unless asked otherwise. */
  readonly digestAlgorithm?: DigestAlgorithm;
  /** Defaults to now; CAdES-B-B states the claimed signing time. */
  readonly signingTime?: Date;
}

/**
 * A CAdES-B-B SignerInfo over a content digest (ETSI EN 319 122-1 §5.2): content-type id-data,
 * message-digest, signing-time and one signing-certificate-v2.
 */
export async function createCadesSignerInfo(
  contentDigest: Uint8Array,
  options: CadesSignOptions,
): Promise<Uint8Array> {
  return createSignerInfo({
    signer: options.signer,
    digestAlgorithm: options.digestAlgorithm ?? "SHA-256",
    messageDigest: contentDigest,
    contentType: CMS_OID.data,
    signingTime: options.signingTime ?? new Date(),
  });
}

/**
 * A new CAdES container over content already hashed by the caller (streamed, for files of any
 * size): with `contentLength` the envelope of an attached `.p7m`, to be written as prefix,
 * content, suffix; without it a detached signature (`prefix + suffix`).
 */
export async function createCadesEnvelope(
  contentDigest: Uint8Array,
  options: CadesSignOptions,
  contentLength?: number,
): Promise<{ prefix: Uint8Array; suffix: Uint8Array }> {
  const signerInfo = await createCadesSignerInfo(contentDigest, options);
  const parts: SignedDataParts = {
    eContentType: CMS_OID.data,
    digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS[options.digestAlgorithm ?? "SHA-256"]],
    certificates: [options.signer.certificate, ...options.signer.chain],
    crls: [],
    signerInfos: [signerInfo],
  };
  return encodeSignedDataEnvelope(parts, contentLength);
}

/**
 * Parallel signature: another SignerInfo over the same content. Earlier SignerInfos and
 * certificates are kept byte for byte. `contentDigest` must be the digest of the existing
 * content with the chosen algorithm (the caller streams it).
 */
export async function addParallelSignature(
  existing: ParsedSignedData,
  contentDigest: Uint8Array,
  options: CadesSignOptions,
): Promise<SignedDataParts> {
  if (existing.eContentType !== CMS_OID.data) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: "only id-data content can be signed again" });
  }
  const signerInfo = await createCadesSignerInfo(contentDigest, options);
  return {
    ...partsOf(existing),
    digestAlgorithmOids: [
      ...existing.digestAlgorithmOids,
      DIGEST_ALGORITHM_OIDS[options.digestAlgorithm ?? "SHA-256"],
    ],
    certificates: [...existing.certificates, options.signer.certificate, ...options.signer.chain],
    signerInfos: [...existing.signerInfos, signerInfo],
  };
}

/**
 * Countersignature (RFC 5652 §11.4, ETSI EN 319 122-1 §5.2.7 countersignature) of the SignerInfo
 * at `signerIndex`: signs the digest of that signature's value; no content-type attribute.
 */
export async function addCountersignature(
  existing: ParsedSignedData,
  signerIndex: number,
  options: CadesSignOptions,
): Promise<SignedDataParts> {
  const target = existing.signerInfoList[signerIndex];
  if (target === undefined) {
    throw new CnsBridgeError("CMS_SIGNER_INDEX_OUT_OF_RANGE", {
      index: signerIndex + 1,
      count: existing.signerInfoList.length,
    });
  }
  const digestAlgorithm = options.digestAlgorithm ?? "SHA-256";
  const signatureValue = target.info.signature.valueBlock.valueHexView;
  const countersignature = await createSignerInfo({
    signer: options.signer,
    digestAlgorithm,
    messageDigest: await digestBytes(digestAlgorithm, signatureValue),
    signingTime: options.signingTime ?? new Date(),
  });
  const signerInfos = existing.signerInfos.map((der, index) =>
    index === signerIndex ? appendCountersignature(der, countersignature) : der,
  );
  return {
    ...partsOf(existing),
    certificates: [...existing.certificates, options.signer.certificate, ...options.signer.chain],
    signerInfos,
  };
}

function partsOf(parsed: ParsedSignedData): SignedDataParts {
  return {
    eContentType: parsed.eContentType,
    digestAlgorithmOids: parsed.digestAlgorithmOids,
    certificates: parsed.certificates,
    crls: parsed.crls,
    signerInfos: parsed.signerInfos,
  };
}
