/** CK_ULONG as the module wrote it: native width (4 or 8 bytes), little-endian on every host we run on. */
export function readUlong(bytes: Uint8Array | null): number | null {
  if (bytes === null || bytes.byteLength === 0 || bytes.byteLength > 8) {
    return null;
  }
  let value = 0;
  for (let index = bytes.byteLength - 1; index >= 0; index -= 1) {
    value = value * 256 + (bytes[index] ?? 0);
  }
  return value;
}

/** CK_BBOOL: one byte, non-zero is true; an absent attribute is false. */
export function readBool(bytes: Uint8Array | null): boolean {
  return bytes !== null && bytes.byteLength > 0 && bytes[0] !== 0;
}

export function readUtf8(bytes: Uint8Array | null): string {
  return bytes === null ? "" : new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Lowercase or uppercase hex of even length, as CKA_IDs travel; null for anything else. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || hex.length > 512 || !/^[0-9a-fA-F]*$/.test(hex)) {
    return null;
  }
  return Uint8Array.from({ length: hex.length / 2 }, (_, index) =>
    Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16),
  );
}
