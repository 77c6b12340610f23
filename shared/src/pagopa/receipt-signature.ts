import { CnsBridgeError } from "../errors/index.js";
import { parseSendReceiptRequest, type SendReceiptRequest } from "./receipt.js";

/**
 * The receipt callback is authenticated with HMAC-SHA256 under a secret shared by the node
 * and one creditor. Header: `t=<unix seconds>,v1=<hex MAC of "<t>.<raw body>">`. The time
 * bounds replays; a replay inside the window is harmless because receipts are idempotent
 * by receipt id.
 */
export const RECEIPT_SIGNATURE_HEADER = "x-pagopa-signature";
const DEFAULT_TOLERANCE_SECONDS = 300;
const MIN_SECRET_BYTES = 32;

async function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new CnsBridgeError("BAD_USAGE", {
      detail: `the receipt secret needs at least ${MIN_SECRET_BYTES} bytes`,
    });
  }
  return globalThis.crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function signedBytes(timestamp: number, body: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${timestamp}.${body}`);
}

export async function signReceiptBody(body: string, secret: string, now: Date = new Date()): Promise<string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const mac = new Uint8Array(
    await globalThis.crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), signedBytes(timestamp, body)),
  );
  const hex = Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `t=${timestamp},v1=${hex}`;
}

export interface ReceiptCallback {
  /** The request body exactly as received: the MAC covers the bytes, not a re-serialization. */
  readonly rawBody: string;
  readonly signatureHeader: string | null | undefined;
  readonly secret: string;
  readonly now?: Date;
  readonly toleranceSeconds?: number;
}

/** Authenticates a receipt callback, then parses it; a bad MAC never reaches the JSON parser. */
export async function verifyReceiptCallback(callback: ReceiptCallback): Promise<SendReceiptRequest> {
  const match = /^t=([0-9]{1,12}),v1=([0-9a-f]{64})$/.exec(callback.signatureHeader ?? "");
  if (match === null) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_SIGNATURE_INVALID");
  }
  const timestamp = Number(match[1]);
  const mac = Uint8Array.from((match[2] ?? "").match(/../g) ?? [], (pair) => parseInt(pair, 16));
  const valid = await globalThis.crypto.subtle.verify(
    "HMAC",
    await hmacKey(callback.secret, "verify"),
    mac,
    signedBytes(timestamp, callback.rawBody),
  );
  const now = Math.floor((callback.now ?? new Date()).getTime() / 1000);
  const tolerance = callback.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!valid || Math.abs(now - timestamp) > tolerance) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_SIGNATURE_INVALID");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(callback.rawBody);
  } catch (cause) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_INVALID", { detail: "the body is not JSON" }, { cause });
  }
  return parseSendReceiptRequest(parsed);
}
