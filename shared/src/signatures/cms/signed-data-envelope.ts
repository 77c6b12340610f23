import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CMS_OID } from "./oids.js";
import { concatBytes, derHeader, derSetOf, encodeDer, equalBytes } from "./der-bytes.js";

/** The parts of a SignedData apart from the content, each kept as its exact DER. */
export interface SignedDataParts {
  readonly eContentType: string;
  /** DigestAlgorithmIdentifier OIDs; duplicates are dropped. */
  readonly digestAlgorithmOids: readonly string[];
  /** CertificateChoices DER (usually X.509 certificates); duplicates are dropped. */
  readonly certificates: readonly Uint8Array[];
  /** RevocationInfoChoice DER, kept as found. */
  readonly crls: readonly Uint8Array[];
  /** SignerInfo DER, kept byte for byte so earlier signatures stay valid. */
  readonly signerInfos: readonly Uint8Array[];
}

/**
 * The bytes that go before and after the content of a ContentInfo{SignedData} (RFC 5652 §3, §5.1).
 * With `contentLength` the content is encapsulated as one definite-length OCTET STRING, so a
 * caller can stream `prefix`, then the content, then `suffix` and get DER without ever holding
 * the content; without it the signature is detached and `prefix + suffix` is the whole file.
 */
export function encodeSignedDataEnvelope(
  parts: SignedDataParts,
  contentLength?: number,
): { prefix: Uint8Array<ArrayBuffer>; suffix: Uint8Array<ArrayBuffer> } {
  // RFC 5652 §5.1: version 3 when a SignerInfo is v3 or the content is not id-data, else 1.
  const anyV3 = parts.signerInfos.some(isSignerInfoV3);
  const version = anyV3 || parts.eContentType !== CMS_OID.data ? 3 : 1;
  const versionDer = encodeDer(new asn1js.Integer({ value: version }));
  const digestAlgorithms = derSetOf(
    [...new Set(parts.digestAlgorithmOids)].map((oid) =>
      encodeDer(new pkijs.AlgorithmIdentifier({ algorithmId: oid }).toSchema()),
    ),
  );
  const eContentTypeDer = encodeDer(new asn1js.ObjectIdentifier({ value: parts.eContentType }));
  const certificates = uniqueBytes(parts.certificates);
  const certificatesDer = certificates.length === 0 ? new Uint8Array(0) : implicitSet(0xa0, certificates);
  const crlsDer = parts.crls.length === 0 ? new Uint8Array(0) : implicitSet(0xa1, parts.crls);
  // Kept in the order given rather than DER-sorted: signature N stays signature N when one is
  // added (users countersign "signature 1"), and BER allows any order for this SET.
  const signerInfosBody = concatBytes(parts.signerInfos);
  const signerInfosDer = concatBytes([derHeader(0x31, signerInfosBody.byteLength), signerInfosBody]);
  const afterContent = concatBytes([certificatesDer, crlsDer, signerInfosDer]);

  let encapHeader: Uint8Array;
  let contentHeader = new Uint8Array(0);
  if (contentLength === undefined) {
    encapHeader = derHeader(0x30, eContentTypeDer.length);
  } else {
    const octetHeader = derHeader(0x04, contentLength);
    const explicitHeader = derHeader(0xa0, octetHeader.length + contentLength);
    contentHeader = concatBytes([explicitHeader, octetHeader]);
    encapHeader = derHeader(0x30, eContentTypeDer.length + contentHeader.length + contentLength);
  }
  const encapLength =
    encapHeader.length + eContentTypeDer.length + contentHeader.length + (contentLength ?? 0);
  const signedDataBodyLength =
    versionDer.length + digestAlgorithms.length + encapLength + afterContent.length;
  const signedDataHeader = derHeader(0x30, signedDataBodyLength);
  const explicitSignedData = derHeader(0xa0, signedDataHeader.length + signedDataBodyLength);
  const contentTypeDer = encodeDer(new asn1js.ObjectIdentifier({ value: CMS_OID.signedData }));
  const contentInfoHeader = derHeader(
    0x30,
    contentTypeDer.length + explicitSignedData.length + signedDataHeader.length + signedDataBodyLength,
  );
  const prefix = concatBytes([
    contentInfoHeader,
    contentTypeDer,
    explicitSignedData,
    signedDataHeader,
    versionDer,
    digestAlgorithms,
    encapHeader,
    eContentTypeDer,
    contentHeader,
  ]);
  return { prefix, suffix: afterContent };
}

/** A detached SignedData as one DER ContentInfo. */
export function encodeDetachedSignedData(parts: SignedDataParts): Uint8Array<ArrayBuffer> {
  const { prefix, suffix } = encodeSignedDataEnvelope(parts);
  return concatBytes([prefix, suffix]);
}

/** An attached SignedData held in memory (small contents); large ones stream the envelope instead. */
export function encodeAttachedSignedData(
  parts: SignedDataParts,
  content: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const { prefix, suffix } = encodeSignedDataEnvelope(parts, content.byteLength);
  return concatBytes([prefix, content, suffix]);
}

function isSignerInfoV3(der: Uint8Array): boolean {
  // SignerInfo ::= SEQUENCE { version INTEGER, ... }: the version is the first element. The usual
  // one-byte INTEGER is read in place (no decoding of the whole SignerInfo for each document).
  const lengthBytes = (der[1] ?? 0) < 0x80 ? 0 : (der[1] ?? 0) & 0x7f;
  const at = 2 + lengthBytes;
  if (
    der[0] === 0x30 &&
    lengthBytes <= 4 &&
    der[at] === 0x02 &&
    der[at + 1] === 0x01 &&
    der.length > at + 2
  ) {
    return der[at + 2] === 3;
  }
  const parsed = asn1js.fromBER(der.slice());
  const first = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value[0] : undefined;
  return first instanceof asn1js.Integer && first.valueBlock.valueDec === 3;
}

function implicitSet(tag: number, members: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const set = derSetOf(members);
  set[0] = tag;
  return set;
}

function uniqueBytes(items: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const item of items) if (!out.some((seen) => equalBytes(seen, item))) out.push(item);
  return out;
}
