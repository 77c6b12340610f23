import { CnsBridgeError } from "../errors/index.js";

/** Standard base64 (RFC 4648 §4) without Node's Buffer, for browser and Node alike. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict decoding: anything but canonical padded base64 is a BAD_INPUT error. */
export function base64ToBytes(text: string, what = "base64"): Uint8Array<ArrayBuffer> {
  if (!BASE64.test(text)) throw new CnsBridgeError("BAD_INPUT", { detail: `${what} is not valid base64` });
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
