import { z } from "../zod-mini.js";

/** Format tag of cns-bridge auth tokens; a server refuses any other. */
export const AUTH_TOKEN_FORMAT = "cns-bridge:1";

/**
 * Signature algorithms an auth token may use, JOSE-style names: RSASSA-PKCS1-v1_5 or ECDSA with
 * the hash named. SHA-1 is not accepted.
 */
export const authTokenAlgorithmSchema = z.enum(["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]);
export type AuthTokenAlgorithm = z.infer<typeof authTokenAlgorithmSchema>;

/**
 * What the extension hands to a web page after `authenticate({nonce})`, and the page to its
 * server. The signature covers SHA-256(origin) || SHA-256(nonce) (hash of the two hashes with the
 * algorithm's hash), made with the CNS authentication key.
 */
export const authTokenSchema = z.strictObject({
  format: z.literal(AUTH_TOKEN_FORMAT),
  /** The authentication certificate, DER in standard base64; "unverified" until the server checks it. */
  unverifiedCertificate: z.string().check(z.minLength(1), z.maxLength(16_384)),
  algorithm: authTokenAlgorithmSchema,
  /** Standard base64; RSA: PKCS#1 v1.5 signature; EC: IEEE P1363 r||s (as WebCrypto verifies it). */
  signature: z.string().check(z.minLength(1), z.maxLength(2048)),
  /** Version of the agent that made the token. */
  appVersion: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type AuthToken = z.infer<typeof authTokenSchema>;
