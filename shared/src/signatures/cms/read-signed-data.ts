import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CnsBridgeError } from "../../errors/index.js";
import type { ByteSource } from "./byte-source.js";
import { bytesSource } from "./byte-source.js";
import { fromBerOrMalformed } from "./der-bytes.js";
import { CMS_OID } from "./oids.js";
import type { SignedDataParts } from "./signed-data-envelope.js";

/** Everything but the content is held in memory; past this a file is not a signature we accept. */
export const MAX_CMS_STRUCTURE_BYTES = 32 * 1024 * 1024;
/** Constructed OCTET STRINGs nested deeper than this are hostile, not a real encoder's output. */
const MAX_CONTENT_NESTING = 8;

export interface ContentRange {
  readonly offset: number;
  readonly length: number;
}

/** The encapsulated content, as ranges of the source (one range for DER, several for chunked BER). */
export interface EncapsulatedContent {
  readonly length: number;
  ranges(): AsyncGenerator<ContentRange>;
}

export interface ParsedSignerInfo {
  readonly der: Uint8Array;
  readonly info: pkijs.SignerInfo;
}

export interface ParsedSignedData extends SignedDataParts {
  readonly signerInfoList: readonly ParsedSignerInfo[];
  /** Null for a detached signature. */
  readonly content: EncapsulatedContent | null;
}

interface Header {
  readonly tag: number;
  readonly offset: number;
  readonly headerLength: number;
  /** Null for BER indefinite length. */
  readonly length: number | null;
}

const malformed = (detail: string): CnsBridgeError => new CnsBridgeError("CMS_MALFORMED", { detail });

/**
 * Reads a ContentInfo{SignedData} (RFC 5652) from a byte source without loading the content:
 * DER or BER (indefinite lengths, chunked OCTET STRING content), no trailing bytes, every
 * length checked against its container so a hostile length cannot make us read or allocate
 * beyond the file.
 */
export async function readSignedData(source: ByteSource): Promise<ParsedSignedData> {
  const reader = new TlvReader(source);
  const contentInfo = await reader.header(0, source.size, 0x30, "ContentInfo");
  const contentInfoEnd = reader.end(contentInfo, source.size);
  let position = contentInfo.offset + contentInfo.headerLength;
  const contentType = await reader.element(position, contentInfoEnd, 0x06, "contentType");
  if (oidOf(contentType.bytes) !== CMS_OID.signedData) throw malformed("not a SignedData");
  position = contentType.end;
  const explicit = await reader.header(position, contentInfoEnd, 0xa0, "content");
  const explicitEnd = reader.end(explicit, contentInfoEnd);
  const signedData = await reader.header(
    explicit.offset + explicit.headerLength,
    explicitEnd,
    0x30,
    "SignedData",
  );
  const signedDataEnd = reader.end(signedData, explicitEnd);
  position = signedData.offset + signedData.headerLength;
  const version = await reader.element(position, signedDataEnd, 0x02, "version");
  const digestAlgorithms = await reader.element(version.end, signedDataEnd, 0x31, "digestAlgorithms");
  const encap = await reader.header(digestAlgorithms.end, signedDataEnd, 0x30, "encapContentInfo");
  const encapEnd = reader.end(encap, signedDataEnd);
  const eContentType = await reader.element(
    encap.offset + encap.headerLength,
    encapEnd,
    0x06,
    "eContentType",
  );
  position = eContentType.end;

  let content: EncapsulatedContent | null = null;
  if (!(await reader.atEnd(position, encap, encapEnd))) {
    const eContentExplicit = await reader.header(position, encapEnd, 0xa0, "eContent");
    const explicitContentEnd = reader.end(eContentExplicit, encapEnd);
    const octets = await reader.header(
      eContentExplicit.offset + eContentExplicit.headerLength,
      explicitContentEnd,
      undefined,
      "eContent",
    );
    const walked = await reader.walkOctetString(octets, explicitContentEnd, 0);
    content = {
      length: walked.length,
      ranges: () => reader.octetStringRanges(octets, explicitContentEnd, 0),
    };
    position = await reader.close(eContentExplicit, walked.end, explicitContentEnd, "eContent");
  }
  position = await reader.close(encap, position, encapEnd, "encapContentInfo");

  let certificates: Uint8Array[] = [];
  let crls: Uint8Array[] = [];
  let signerInfos: Uint8Array[] | undefined;
  while (!(await reader.atEnd(position, signedData, signedDataEnd))) {
    const element = await reader.element(position, signedDataEnd, undefined, "SignedData field");
    if (element.tag === 0xa0 && signerInfos === undefined && certificates.length === 0) {
      certificates = childrenOf(element.bytes, "certificates");
    } else if (element.tag === 0xa1 && signerInfos === undefined && crls.length === 0) {
      crls = childrenOf(element.bytes, "crls");
    } else if (element.tag === 0x31 && signerInfos === undefined) {
      signerInfos = childrenOf(element.bytes, "signerInfos");
    } else {
      throw malformed(`unexpected field with tag 0x${element.tag.toString(16)} in SignedData`);
    }
    position = element.end;
  }
  if (signerInfos === undefined) throw malformed("no signerInfos");
  position = await reader.close(signedData, position, signedDataEnd, "SignedData");
  position = await reader.close(explicit, position, explicitEnd, "content");
  position = await reader.close(contentInfo, position, contentInfoEnd, "ContentInfo");
  if (position !== source.size) throw malformed("trailing bytes after the signature");

  const digestAlgorithmOids = childrenOf(digestAlgorithms.bytes, "digestAlgorithms").map(
    (der) =>
      parseWith(der, (schema) => new pkijs.AlgorithmIdentifier({ schema }), "digestAlgorithm").algorithmId,
  );
  const signerInfoList = signerInfos.map((der) => ({
    der,
    info: parseWith(der, (schema) => new pkijs.SignerInfo({ schema }), "SignerInfo"),
  }));
  return {
    eContentType: oidOf(eContentType.bytes),
    digestAlgorithmOids,
    certificates,
    crls,
    signerInfos,
    signerInfoList,
    content,
  };
}

/** The same for a signature held in memory (PAdES /Contents, small `.p7m` in the browser). */
export function parseSignedData(bytes: Uint8Array): Promise<ParsedSignedData> {
  return readSignedData(bytesSource(bytes));
}

function oidOf(der: Uint8Array): string {
  const parsed = fromBerOrMalformed(der.slice(), "object identifier");
  if (!(parsed.result instanceof asn1js.ObjectIdentifier)) throw malformed("bad object identifier");
  return parsed.result.valueBlock.toString();
}

function childrenOf(der: Uint8Array, what: string): Uint8Array[] {
  const parsed = fromBerOrMalformed(der.slice(), what);
  if (
    parsed.offset !== der.byteLength ||
    !(parsed.result instanceof asn1js.Constructed || parsed.result instanceof asn1js.Set)
  ) {
    throw malformed(`${what} is not a well-formed set`);
  }
  const children = (parsed.result as asn1js.Constructed).valueBlock.value;
  return children.map((child) => new Uint8Array(child.valueBeforeDecodeView).slice());
}

function parseWith<T>(der: Uint8Array, build: (schema: asn1js.AsnType) => T, what: string): T {
  const parsed = fromBerOrMalformed(der.slice(), what);
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) throw malformed(`${what} is broken`);
  try {
    return build(parsed.result);
  } catch (cause) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: `${what} does not follow RFC 5652` }, { cause });
  }
}

class TlvReader {
  private structureBytes = 0;

  constructor(private readonly source: ByteSource) {}

  async header(
    offset: number,
    limit: number,
    expectedTag: number | undefined,
    what: string,
  ): Promise<Header> {
    const bytes = await this.source.read(offset, Math.min(10, Math.max(0, limit - offset)));
    if (bytes.length < 2) throw malformed(`${what} is truncated`);
    const tag = bytes[0] ?? 0;
    if ((tag & 0x1f) === 0x1f) throw malformed(`${what} has a tag cns-bridge does not expect`);
    if (expectedTag !== undefined && tag !== expectedTag) {
      throw malformed(`${what} has tag 0x${tag.toString(16)}, expected 0x${expectedTag.toString(16)}`);
    }
    const first = bytes[1] ?? 0;
    if (first < 0x80) return { tag, offset, headerLength: 2, length: first };
    if (first === 0x80) {
      if ((tag & 0x20) === 0) throw malformed(`${what}: indefinite length on a primitive value`);
      return { tag, offset, headerLength: 2, length: null };
    }
    const count = first & 0x7f;
    if (count > 6 || bytes.length < 2 + count) throw malformed(`${what} has an impossible length`);
    let length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[2 + i] ?? 0);
    const header = { tag, offset, headerLength: 2 + count, length };
    if (offset + header.headerLength + length > limit)
      throw malformed(`${what} is longer than its container or the file`);
    return header;
  }

  /** Where a value ends: known for definite lengths, the container's end for indefinite ones. */
  end(header: Header, limit: number): number {
    return header.length === null ? limit : header.offset + header.headerLength + header.length;
  }

  /** True when a definite container is used up, or an indefinite one has reached its end-of-contents. */
  async atEnd(position: number, container: Header, limit: number): Promise<boolean> {
    if (container.length !== null) return position >= limit;
    const eoc = await this.source.read(position, 2);
    if (eoc.length < 2) throw malformed("an indefinite-length value is never closed");
    return eoc[0] === 0 && eoc[1] === 0;
  }

  /** Checks a container ends exactly at `position` and returns the position after it. */
  async close(container: Header, position: number, limit: number, what: string): Promise<number> {
    if (container.length !== null) {
      if (position !== limit) throw malformed(`${what} has unexpected bytes at its end`);
      return position;
    }
    const eoc = await this.source.read(position, 2);
    if (eoc.length < 2 || eoc[0] !== 0 || eoc[1] !== 0) throw malformed(`${what} is not closed`);
    return position + 2;
  }

  /** Reads a whole (non-content) element into memory, within the structure budget. */
  async element(
    offset: number,
    limit: number,
    expectedTag: number | undefined,
    what: string,
  ): Promise<{ tag: number; bytes: Uint8Array; end: number }> {
    const header = await this.header(offset, limit, expectedTag, what);
    const end = header.length === null ? await this.indefiniteEnd(header, limit, 0) : this.end(header, limit);
    this.structureBytes += end - offset;
    if (this.structureBytes > MAX_CMS_STRUCTURE_BYTES)
      throw malformed("the signature structure is too large");
    const bytes = await this.source.read(offset, end - offset);
    if (bytes.length !== end - offset) throw malformed(`${what} is truncated`);
    return { tag: header.tag, bytes: bytes.slice(), end };
  }

  private async indefiniteEnd(header: Header, limit: number, depth: number): Promise<number> {
    if (depth > 32) throw malformed("nesting too deep");
    let position = header.offset + header.headerLength;
    while (!(await this.atEnd(position, header, limit))) {
      const child = await this.header(position, limit, undefined, "value");
      position =
        child.length === null ? await this.indefiniteEnd(child, limit, depth + 1) : this.end(child, limit);
    }
    return position + 2;
  }

  /** Validates an OCTET STRING (primitive, or constructed BER chunks) and measures its content. */
  async walkOctetString(
    header: Header,
    limit: number,
    depth: number,
  ): Promise<{ length: number; end: number }> {
    let length = 0;
    let end = header.offset + header.headerLength;
    for await (const range of this.octetStringRanges(header, limit, depth)) {
      length += range.length;
      end = range.offset + range.length;
    }
    if (header.tag === 0x04) return { length, end };
    return { length, end: await this.constructedEnd(header, limit, depth) };
  }

  private async constructedEnd(header: Header, limit: number, depth: number): Promise<number> {
    const containerEnd = this.end(header, limit);
    let position = header.offset + header.headerLength;
    while (!(await this.atEnd(position, header, containerEnd))) {
      const child = await this.header(position, containerEnd, undefined, "eContent chunk");
      position =
        child.tag === 0x24
          ? await this.constructedEnd(child, containerEnd, depth + 1)
          : this.end(child, containerEnd);
    }
    return this.close(header, position, containerEnd, "eContent");
  }

  async *octetStringRanges(header: Header, limit: number, depth: number): AsyncGenerator<ContentRange> {
    if (depth > MAX_CONTENT_NESTING) throw malformed("eContent chunks nested too deep");
    if (header.tag === 0x04) {
      if (header.length === null) throw malformed("eContent: indefinite primitive");
      yield { offset: header.offset + header.headerLength, length: header.length };
      return;
    }
    if (header.tag !== 0x24) throw malformed("eContent is not an OCTET STRING");
    const containerEnd = this.end(header, limit);
    let position = header.offset + header.headerLength;
    while (!(await this.atEnd(position, header, containerEnd))) {
      const child = await this.header(position, containerEnd, undefined, "eContent chunk");
      if (child.tag === 0x24) {
        yield* this.octetStringRanges(child, containerEnd, depth + 1);
        position = await this.constructedEnd(child, containerEnd, depth + 1);
      } else if (child.tag === 0x04 && child.length !== null) {
        yield { offset: child.offset + child.headerLength, length: child.length };
        position = this.end(child, containerEnd);
      } else {
        throw malformed("eContent chunk is not an OCTET STRING");
      }
    }
  }
}
