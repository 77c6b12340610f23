import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { base64ToBytes } from "../encoding/base64.js";
import { CnsBridgeError } from "../errors/index.js";

/** Trusted CA certificates, parsed once. The list itself is data (PEM or DER), never code. */
export interface TrustList {
  readonly anchors: readonly pkijs.Certificate[];
}

/** DER bytes, or one PEM text that may hold several certificates. */
export type CertificateInput = Uint8Array | string;

export function parseCertificateDer(der: Uint8Array): pkijs.Certificate {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new Error("bad BER or trailing bytes");
    return new pkijs.Certificate({ schema: asn1.result });
  } catch (cause) {
    throw new CnsBridgeError("CERT_MALFORMED", {}, { cause });
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

export function pemToDerList(pem: string): Uint8Array[] {
  const blocks = [...pem.matchAll(PEM_BLOCK)].map((match) =>
    base64ToBytes((match[1] ?? "").replace(/\s+/g, ""), "PEM certificate"),
  );
  if (blocks.length === 0) throw new CnsBridgeError("CERT_MALFORMED");
  return blocks;
}

export function createTrustList(inputs: readonly CertificateInput[]): TrustList {
  const ders = inputs.flatMap((input) => (typeof input === "string" ? pemToDerList(input) : [input]));
  return { anchors: ders.map(parseCertificateDer) };
}
