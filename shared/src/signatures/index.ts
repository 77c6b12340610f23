export { DIGEST_ALGORITHMS, type DigestAlgorithm, type KeyAlgorithm, type Signer } from "./signer.js";
export * from "./pades/index.js";
export * from "./cms/index.js";
export * from "./cades/index.js";
export * from "./verify/index.js";
