import { z } from "../zod-mini.js";
import { PROTOCOL_LIMITS } from "./limits.js";

/** Request id chosen by the client, echoed in the reply: 1-64 chars of [A-Za-z0-9_.:-]. */
export const requestIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(PROTOCOL_LIMITS.maxRequestIdLength), z.regex(/^[\w.:-]+$/));

/** Any character that is neither of the base64 alphabet nor padding. */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * Standard base64 (RFC 4648 §4) with padding: a multiple of 4 characters of the alphabet, the last
 * one or two of which may be "=". Checked with a search for a foreign character and the position
 * of the first "=": an anchored pattern over the whole text (4-character groups, or even one
 * repeated class) made V8 keep backtracking state per character, 10-30 ms per 1 MiB chunk.
 */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return false;
  const padding = text.indexOf("=");
  if (padding === -1 || padding === text.length - 1) return true;
  return padding === text.length - 2 && text.endsWith("=");
}

export const base64Schema = z.string().check(z.refine(isBase64, { message: "not standard padded base64" }));

/** SHA-256 as 64 lowercase hex digits. */
export const sha256HexSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/** Selects a token by its label or its serial number (never by slot id: slots are renumbered). */
export const tokenSelectorSchema = z.string().check(z.minLength(1), z.maxLength(64));

/** Which of the two CNS certificates (and its key) to use. */
export const certificateUsageSchema = z.enum(["authentication", "signature"]);

/** Web origin (scheme://host[:port]) as the browser reports it; no path, no trailing slash. */
export const originSchema = z
  .string()
  .check(z.maxLength(2048), z.regex(/^(https?|chrome-extension|moz-extension):\/\/[^/\s?#]+$/));

/** The PIN as typed by the holder: 4-16 characters (CNS PINs are 5-8 digits; PUK-style lengths tolerated). */
export const pinSchema = z.string().check(z.minLength(4), z.maxLength(16));

/** Token PIN state from the PKCS#11 CKF_* flags. */
export const pinFlagsSchema = z.object({
  userPinCountLow: z.boolean(),
  userPinFinalTry: z.boolean(),
  userPinLocked: z.boolean(),
  userPinToBeChanged: z.boolean(),
  soPinCountLow: z.boolean(),
  soPinFinalTry: z.boolean(),
  soPinLocked: z.boolean(),
});
export type PinFlags = z.infer<typeof pinFlagsSchema>;

/** What the extension shows about one certificate: no private data beyond what the holder sees on the card. */
export const certificateSummarySchema = z.object({
  /** CKA_ID, lowercase hex. */
  id: z.string(),
  usage: z.enum(["authentication", "signature", "unknown"]),
  holder: z.object({
    codiceFiscale: z.nullable(z.string()),
    givenName: z.nullable(z.string()),
    surname: z.nullable(z.string()),
  }),
  issuer: z.string(),
  /** ISO 8601. */
  notBefore: z.string(),
  notAfter: z.string(),
  daysToExpiry: z.int(),
  qualified: z.boolean(),
  keyAlgorithm: z.string(),
});
export type CertificateSummary = z.infer<typeof certificateSummarySchema>;

export const tokenSummarySchema = z.object({
  label: z.string(),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  pinFlags: pinFlagsSchema,
  loggedIn: z.boolean(),
  certificates: z.array(certificateSummarySchema),
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;

export const signatureFormatSchema = z.enum(["cades", "pades"]);
export const digestAlgorithmSchema = z.enum(["SHA-256", "SHA-384", "SHA-512"]);
