import { bytesToBase64 } from "../encoding/base64.js";

/** How long a challenge may be answered, per the Web eID practice. */
export const CHALLENGE_MAX_AGE_MS = 5 * 60 * 1000;

export interface Challenge {
  /** 32 random bytes (256 bits), standard base64. */
  readonly nonce: string;
  /** Unix millis when it was made; the token must be verified within CHALLENGE_MAX_AGE_MS. */
  readonly issuedAt: number;
}

/** A fresh challenge for one authentication. Keep it server-side (session) until the token comes back. */
export function createChallenge(now: Date = new Date()): Challenge {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return { nonce: bytesToBase64(bytes), issuedAt: now.getTime() };
}
