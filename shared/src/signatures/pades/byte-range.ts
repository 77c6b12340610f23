import type { ErrorCode } from "../../errors/index.js";
import { asArray, asInteger, type PdfDict, PdfString } from "./pdf-objects.js";

export interface ByteRangeFinding {
  readonly code: ErrorCode;
  readonly detail: string;
}

export interface CheckedByteRange {
  /** The signed bytes: the file minus the /Contents hex string. */
  readonly signedBytes: Uint8Array;
  /** The DER CMS, without the zero padding of the placeholder. */
  readonly cms: Uint8Array;
  /** Where the signed bytes stop: the signature's claimed end of revision. */
  readonly coveredEnd: number;
}

/**
 * ByteRange sanity (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.5.2): exactly two ranges, the
 * first from byte 0, the gap between them holding nothing but the /Contents hex string
 * `<...>` of this very dictionary, the ranges inside the file and not overlapping.
 */
export function checkByteRange(
  bytes: Uint8Array,
  dict: PdfDict,
  dictSpan: { readonly start: number; readonly end: number } | undefined,
): CheckedByteRange | ByteRangeFinding {
  const invalid = (detail: string): ByteRangeFinding => ({ code: "PDF_BYTE_RANGE_INVALID", detail });
  const range = asArray(dict.get("ByteRange"))?.map((v) => asInteger(v));
  const contents = dict.get("Contents");
  if (!(contents instanceof PdfString))
    return { code: "PDF_SIGNATURE_DICT_MALFORMED", detail: "/Contents is not a string" };
  if (range?.length !== 4 || range.some((v) => v === undefined))
    return invalid("not four non-negative integers");
  const [start1, length1, start2, length2] = range as [number, number, number, number];
  if (start1 !== 0) return invalid("the first range does not start at byte 0");
  const gapEnd = start2;
  if (gapEnd <= length1) return invalid("the ranges overlap or touch");
  if (start2 + length2 > bytes.length)
    return invalid(`the ranges end at ${start2 + length2}, past the file's ${bytes.length} bytes`);
  if (bytes[length1] !== 0x3c || bytes[gapEnd - 1] !== 0x3e) return invalid("the gap is not a <hex> string");
  if (dictSpan !== undefined && (length1 < dictSpan.start || gapEnd > dictSpan.end)) {
    return invalid("the gap lies outside this signature's dictionary");
  }
  const gapHex = bytes.subarray(length1 + 1, gapEnd - 1);
  if (!gapHex.every(isHexDigit)) return invalid("the gap holds more than the /Contents hex string");
  if (!sameHexValue(gapHex, contents.bytes)) return invalid("the gap is not this signature's /Contents");

  const cms = trimDerPadding(contents.bytes);
  // The placeholder's padding is not signed: anything but zeros there is a hidden channel.
  if (contents.bytes.subarray(cms.length).some((byte) => byte !== 0)) {
    return { code: "PDF_SIGNATURE_DICT_MALFORMED", detail: "data after the CMS in /Contents" };
  }
  const signedBytes = new Uint8Array(length1 + length2);
  signedBytes.set(bytes.subarray(0, length1), 0);
  signedBytes.set(bytes.subarray(start2, start2 + length2), length1);
  return { signedBytes, cms, coveredEnd: start2 + length2 };
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

function sameHexValue(hex: Uint8Array, value: Uint8Array): boolean {
  if (hex.length !== value.length * 2) return false;
  for (let i = 0; i < value.length; i++) {
    const byte = parseInt(String.fromCharCode(hex[2 * i] ?? 0, hex[2 * i + 1] ?? 0), 16);
    if (byte !== value[i]) return false;
  }
  return true;
}

/** The placeholder is zero-padded after the DER: keep only the outer TLV. */
function trimDerPadding(contents: Uint8Array): Uint8Array {
  if (contents[0] !== 0x30) return contents;
  const first = contents[1] ?? 0;
  if (first < 0x80) return contents.subarray(0, 2 + first);
  const count = first & 0x7f;
  if (count === 0 || count > 4) return contents;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (contents[2 + i] ?? 0);
  return contents.subarray(0, Math.min(contents.length, 2 + count + length));
}
