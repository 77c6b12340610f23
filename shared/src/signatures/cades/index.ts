export {
  addCountersignature,
  addParallelSignature,
  type CadesSignOptions,
  createCadesEnvelope,
  createCadesSignerInfo,
} from "./cades-signature.js";
export { decodeP7mText, looksLikeDer } from "./p7m-text.js";
