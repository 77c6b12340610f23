export { DIGEST_ALGORITHMS, type DigestAlgorithm, type KeyAlgorithm, type Signer } from "./signer.js";
export * from "./pades/index.js";
