import type { AuthTokenAlgorithm } from "./auth-token-schema.js";

const encoder = new TextEncoder();

/** The hash each auth-token algorithm signs with. */
export function hashOfAlgorithm(algorithm: AuthTokenAlgorithm): "SHA-256" | "SHA-384" | "SHA-512" {
  const bits = algorithm.slice(2);
  return bits === "256" ? "SHA-256" : bits === "384" ? "SHA-384" : "SHA-512";
}

/**
 * The bytes an auth token's signature covers: SHA-256(origin) || SHA-256(nonce), with origin and
 * nonce as UTF-8 strings. Binding the origin means a token made for one site is useless on another.
 */
export async function authTokenSignedData(origin: string, nonce: string): Promise<Uint8Array<ArrayBuffer>> {
  const [originHash, nonceHash] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(origin)),
    crypto.subtle.digest("SHA-256", encoder.encode(nonce)),
  ]);
  const data = new Uint8Array(64);
  data.set(new Uint8Array(originHash), 0);
  data.set(new Uint8Array(nonceHash), 32);
  return data;
}

/** What the token must sign: the algorithm's hash of `authTokenSignedData`. */
export async function authTokenDigest(
  origin: string,
  nonce: string,
  algorithm: AuthTokenAlgorithm,
): Promise<Uint8Array<ArrayBuffer>> {
  const data = await authTokenSignedData(origin, nonce);
  return new Uint8Array(await crypto.subtle.digest(hashOfAlgorithm(algorithm), data));
}
