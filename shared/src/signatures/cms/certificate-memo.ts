import * as pkijs from "pkijs";
import { decodeSingle, equalBytes } from "./der-bytes.js";

interface Memo<T> {
  /** A copy of the bytes the value was made from: a caller could refill its buffer in place. */
  readonly bytes: Uint8Array;
  readonly value: T;
}

/**
 * Remembers one value derived from a certificate's DER per buffer, so a batch signing many
 * documents with one signer decodes its certificate once instead of for every document. A hit
 * needs the same buffer with the same bytes; anything else is derived again.
 */
export class CertificateMemo<T> {
  readonly #memos = new WeakMap<Uint8Array, Memo<T>>();

  constructor(private readonly derive: (der: Uint8Array) => T) {}

  get(der: Uint8Array): T {
    const known = this.#memos.get(der);
    if (known !== undefined && equalBytes(known.bytes, der)) return known.value;
    const value = this.derive(der);
    this.#memos.set(der, { bytes: der.slice(), value });
    return value;
  }

  forget(der: Uint8Array): void {
    this.#memos.delete(der);
  }
}

/**
 * The signer certificate decoded by pkijs, for reading (issuer, serial number): callers build
 * new structures around its parts and never change it.
 */
const decodedCertificates = new CertificateMemo(
  (der) => new pkijs.Certificate({ schema: decodeSingle(der, "signer certificate") }),
);

export function decodedSignerCertificate(der: Uint8Array): pkijs.Certificate {
  return decodedCertificates.get(der);
}
