export { authTokenDigest, authTokenSignedData, hashOfAlgorithm } from "./auth-token-data.js";
export * from "./auth-token-schema.js";
export { CHALLENGE_MAX_AGE_MS, type Challenge, createChallenge } from "./create-challenge.js";
export { MemoryNonceLedger, type NonceLedger } from "./nonce-ledger.js";
export { type VerifiedHolder, type VerifyAuthTokenOptions, verifyAuthToken } from "./verify-auth-token.js";
