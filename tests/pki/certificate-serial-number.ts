import { randomBytes } from "node:crypto";

/**
 * A random 128-bit certificate serial number (RFC 5280 allows 20 octets), as the content octets
 * of a DER INTEGER. The first octet is kept in 0x40-0x7f: positive, and never a leading zero,
 * which DER forbids and OpenSSL refuses ("error during X509 certificate parsing").
 */
export function randomSerialNumber(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes;
}
