import { CnsBridgeError } from "../errors/index.js";

/** Far above any real certificate (a CNS one is 1-2 KiB), far below anything that could hurt. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

const PEM_BLOCK = /-----BEGIN (?:X509 )?CERTIFICATE-----([^-]*)-----END (?:X509 )?CERTIFICATE-----/g;
const PEM_BEGIN = "-----BEGIN";

/** What `parseCnsCertificate` accepts: DER bytes, or PEM as text or as bytes. */
export type CertificateSource = Uint8Array | ArrayBuffer | string;

/** Turns DER bytes or a PEM certificate (text or bytes) into DER bytes, refusing anything else. */
export function certificateDer(source: CertificateSource): Uint8Array {
  if (typeof source === "string") {
    return derFromPem(source);
  }
  const bytes =
    source instanceof Uint8Array
      ? source
      : source instanceof ArrayBuffer
        ? new Uint8Array(source)
        : undefined;
  if (bytes === undefined) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "expected DER bytes or PEM text" });
  }
  if (bytes.byteLength > MAX_CERTIFICATE_BYTES * 2) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `larger than ${MAX_CERTIFICATE_BYTES} bytes` });
  }
  if (looksLikePem(bytes)) {
    return derFromPem(new TextDecoder("utf-8", { fatal: false }).decode(bytes));
  }
  return checkSize(bytes);
}

function looksLikePem(bytes: Uint8Array): boolean {
  let start = 0;
  while (start < bytes.length && isAsciiWhitespace(bytes[start] ?? 0)) {
    start += 1;
  }
  return [...PEM_BEGIN].every((character, index) => bytes[start + index] === character.charCodeAt(0));
}

function isAsciiWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function derFromPem(text: string): Uint8Array {
  if (text.length > MAX_CERTIFICATE_BYTES * 2) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `larger than ${MAX_CERTIFICATE_BYTES} bytes` });
  }
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "no PEM CERTIFICATE block" });
  }
  if (blocks.length > 1) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "the PEM text holds more than one certificate" });
  }
  const body = (blocks[0]?.[1] ?? "").replace(/\s+/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(body)) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: "the PEM body is not base64" });
  }
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) {
    bytes[index] = binary.charCodeAt(index);
  }
  return checkSize(bytes);
}

function checkSize(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength > MAX_CERTIFICATE_BYTES) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `larger than ${MAX_CERTIFICATE_BYTES} bytes` });
  }
  return bytes;
}
