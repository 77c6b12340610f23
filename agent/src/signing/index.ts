export { extractContent } from "./extract-content.js";
export { openSignedFile } from "./open-signed-file.js";
export {
  planOutputs,
  signBatch,
  type SignBatchOptions,
  type SignFormat,
  type SignJob,
  type SignOutcome,
} from "./sign-batch.js";
export { type CadesSignMode, signCadesFile, type SignCadesFileRequest } from "./sign-cades-file.js";
export { digestRanges, STREAM_CHUNK_BYTES } from "./stream-digests.js";
export { type SignatureReport, type VerificationReport, verifySignedFile } from "./verify-signed-file.js";
