import * as asn1js from "asn1js";
import { CnsBridgeError } from "../../errors/index.js";

/** DER bytes of an asn1js value. */
export function encodeDer(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array<ArrayBuffer> {
  return new Uint8Array(value.toBER(false));
}

/** A DER tag + definite length header (X.690 §8.1.3), for containers whose body is streamed. */
export function derHeader(tag: number, length: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(length) || length < 0) throw new CnsBridgeError("INTERNAL");
  if (length < 0x80) return Uint8Array.of(tag, length);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  return Uint8Array.of(tag, 0x80 | lengthBytes.length, ...lengthBytes);
}

/** Universal tags cns-bridge writes by hand (DigestInfo, ECDSA-Sig-Value). */
export const DER_TAG = { INTEGER: 0x02, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;

/** One whole DER element: tag, definite length, content. */
export function derElement(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes([derHeader(tag, content.byteLength), content]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

/** DER SET OF: members sorted by their encodings (X.690 §11.6), so signers and verifiers agree. */
export function derSetOf(members: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const sorted = [...members].sort(compareBytes);
  const body = concatBytes(sorted);
  return concatBytes([derHeader(0x31, body.byteLength), body]);
}

/**
 * asn1js.fromBER, except that the exceptions asn1js throws on some malformed primitives (a
 * GeneralizedTime that is not a date, for one) become CMS_MALFORMED like every other broken input.
 */
export function fromBerOrMalformed(bytes: Uint8Array, what: string): ReturnType<typeof asn1js.fromBER> {
  try {
    return asn1js.fromBER(bytes);
  } catch (cause) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: `${what}: broken encoding` }, { cause });
  }
}

/** Parses exactly one DER/BER value; trailing bytes or a broken encoding are CMS_MALFORMED. */
export function decodeSingle(bytes: Uint8Array, what: string): asn1js.AsnType {
  const view = bytes.slice();
  const result = fromBerOrMalformed(view, what);
  if (result.offset === -1 || result.offset !== view.byteLength) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: `${what}: broken or trailing bytes` });
  }
  return result.result;
}

/** The part of `node:crypto` used here; only Node (and Deno, Bun) offer it. */
interface NodeHashing {
  createHash(algorithm: string): { update(data: Uint8Array): { digest(): Uint8Array } };
}

/**
 * Node's own hashing when this runs in Node (process.getBuiltinModule, Node >= 20.16, needs no
 * import a browser bundle would trip on): for the small inputs hashed per signature, WebCrypto's
 * digest costs a promise and a thread-pool round trip each, several times the hashing itself, and
 * a batch of documents pays it for every one. Browsers use WebCrypto.
 */
const nodeHashing = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.("node:crypto") as NodeHashing | undefined;

/** `algorithm` is a WebCrypto name ("SHA-256"); Node's OpenSSL knows the same names. */
export async function digestBytes(algorithm: string, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (nodeHashing !== undefined) {
    return new Uint8Array(nodeHashing.createHash(algorithm).update(data).digest());
  }
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data as Uint8Array<ArrayBuffer>));
}
