/** Just enough DER to write DigestInfo and ECDSA-Sig-Value: a tag, a definite length, the content. */
export function derElement(tag: number, content: Uint8Array): Uint8Array {
  const length = derLength(content.byteLength);
  const out = new Uint8Array(1 + length.byteLength + content.byteLength);
  out[0] = tag;
  out.set(length, 1);
  out.set(content, 1 + length.byteLength);
  return out;
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) {
    return Uint8Array.of(length);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export const DER_TAG = { INTEGER: 0x02, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;
