import * as asn1js from "asn1js";
import fc from "fast-check";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { CnsBridgeError, isCnsBridgeError } from "../../errors/index.js";
import { bytesSource } from "./byte-source.js";
import { concatBytes, derHeader } from "./der-bytes.js";
import { CMS_OID, DIGEST_ALGORITHM_OIDS } from "./oids.js";
import { parseSignedData, readSignedData } from "./read-signed-data.js";
import {
  encodeAttachedSignedData,
  encodeDetachedSignedData,
  type SignedDataParts,
} from "./signed-data-envelope.js";

/**
 * Structure-only SignedData for reader tests: the SignerInfo is well-formed but its signature is
 * arbitrary bytes (the reader never checks signatures; the verifier tests use real keys).
 */
function structuralSignerInfo(): Uint8Array {
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: "TEST" }) }),
    ],
  });
  const info = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: name, serialNumber: new asn1js.Integer({ value: 7 }) }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_ALGORITHM_OIDS["SHA-256"] }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: CMS_OID.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: new Uint8Array(256).fill(0x5a).buffer }),
  });
  return new Uint8Array(info.toSchema().toBER(false));
}

const parts: SignedDataParts = {
  eContentType: CMS_OID.data,
  digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS["SHA-256"]],
  certificates: [],
  crls: [],
  signerInfos: [structuralSignerInfo()],
};

async function contentOf(bytes: Uint8Array): Promise<Uint8Array | null> {
  const parsed = await parseSignedData(bytes);
  if (parsed.content === null) return null;
  const pieces: Uint8Array[] = [];
  for await (const range of parsed.content.ranges())
    pieces.push(bytes.subarray(range.offset, range.offset + range.length));
  return concatBytes(pieces);
}

describe("derHeader", () => {
  it.each([0, 1, 127, 128, 255, 256, 65_535, 65_536, 16_777_216, 2 ** 32 + 5])(
    "encodes length %i as X.690 does",
    (length) => {
      const header = derHeader(0x04, length);
      if (length <= 65_536) {
        const reference = new Uint8Array(
          new asn1js.OctetString({ valueHex: new Uint8Array(length).buffer }).toBER(false),
        );
        expect(header).toEqual(reference.subarray(0, header.length));
      }
      expect(header[0]).toBe(0x04);
      expect(header.length).toBe(length < 128 ? 2 : 2 + Math.ceil(Math.log2(length + 1) / 8));
    },
  );
});

describe("SignedData envelope and reader", () => {
  it("round-trips attached content of any length, and detached signatures", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), async (content) => {
        const p7m = encodeAttachedSignedData(parts, content);
        expect(await contentOf(p7m)).toEqual(content);
        const parsed = await parseSignedData(p7m);
        expect(parsed.signerInfos).toEqual(parts.signerInfos);
        expect(parsed.digestAlgorithmOids).toEqual(parts.digestAlgorithmOids);
      }),
      { numRuns: 30 },
    );
    expect(await contentOf(encodeDetachedSignedData(parts))).toBeNull();
  });

  it("is strict DER asn1js reads back as one value (lengths computed up front are right)", () => {
    const p7m = encodeAttachedSignedData(parts, new Uint8Array(300).fill(1));
    const decoded = asn1js.fromBER(p7m.slice());
    expect(decoded.offset).toBe(p7m.length);
    expect(new Uint8Array(decoded.result.toBER(false))).toEqual(p7m);
  });

  it("reads chunked, indefinite-length BER content", async () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4, 5])];
    const constructed = concatBytes([
      Uint8Array.of(0x24, 0x80),
      ...chunks.map((chunk) => concatBytes([derHeader(0x04, chunk.length), chunk])),
      Uint8Array.of(0, 0),
    ]);
    const signerInfos = concatBytes([
      derHeader(0x31, parts.signerInfos[0]?.length ?? 0),
      parts.signerInfos[0] ?? new Uint8Array(0),
    ]);
    const oid = (value: string) => new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER(false));
    const ber = concatBytes([
      Uint8Array.of(0x30, 0x80),
      oid(CMS_OID.signedData),
      Uint8Array.of(0xa0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00),
      Uint8Array.of(0x30, 0x80),
      oid(CMS_OID.data),
      Uint8Array.of(0xa0, 0x80),
      constructed,
      Uint8Array.of(0, 0, 0, 0),
      signerInfos,
      Uint8Array.of(0, 0, 0, 0, 0, 0),
    ]);
    expect(await contentOf(ber)).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    await expect(parseSignedData(concatBytes([ber, Uint8Array.of(0)]))).rejects.toMatchObject({
      code: "CMS_MALFORMED",
    });
    await expect(parseSignedData(ber.subarray(0, ber.length - 2))).rejects.toMatchObject({
      code: "CMS_MALFORMED",
    });
  });
});

describe("hostile input", () => {
  const good = encodeAttachedSignedData(parts, new TextEncoder().encode("contenuto di prova"));

  async function outcome(bytes: Uint8Array): Promise<string> {
    try {
      const parsed = await readSignedData(bytesSource(bytes));
      if (parsed.content !== null) for await (const range of parsed.content.ranges()) void range;
      return "parsed";
    } catch (error) {
      if (isCnsBridgeError(error)) return error.code;
      throw error;
    }
  }

  it("every truncation is CMS_MALFORMED", async () => {
    for (let length = 0; length < good.length; length += 1) {
      expect(await outcome(good.subarray(0, length)), `truncated at ${length}`).toBe("CMS_MALFORMED");
    }
  });

  it("flipped bytes and random bytes give a coded error or a parse, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: good.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, mask) => {
          const bad = good.slice();
          bad[index] = (bad[index] ?? 0) ^ mask;
          expect(["parsed", "CMS_MALFORMED"]).toContain(await outcome(bad));
        },
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        expect(["parsed", "CMS_MALFORMED"]).toContain(await outcome(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("a length claiming terabytes is refused without allocating it", async () => {
    const huge = concatBytes([
      Uint8Array.of(0x30, 0x86, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff),
      good.subarray(2),
    ]);
    expect(await outcome(huge)).toBe("CMS_MALFORMED");
    const tooManyLengthBytes = concatBytes([
      Uint8Array.of(0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9),
      good.subarray(2),
    ]);
    expect(await outcome(tooManyLengthBytes)).toBe("CMS_MALFORMED");
  });

  it("errors are CnsBridgeError instances", async () => {
    await expect(parseSignedData(new Uint8Array([0x30]))).rejects.toBeInstanceOf(CnsBridgeError);
  });
});

describe("asn1js exceptions", () => {
  it("a GeneralizedTime that is not a date is CMS_MALFORMED, not a thrown Error", async () => {
    // ContentInfo-shaped SEQUENCE whose inner SEQUENCE holds GeneralizedTime "AA".
    const hostile = Uint8Array.from([0x30, 0x06, 0x30, 0x04, 0x18, 0x02, 0x41, 0x41]);
    await expect(parseSignedData(hostile)).rejects.toMatchObject({ code: "CMS_MALFORMED" });
  });
});
