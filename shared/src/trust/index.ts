export {
  type CertificateInput,
  createTrustList,
  parseCertificateDer,
  pemToDerList,
  type TrustList,
} from "./trust-list.js";
export { type ChainVerdict, validateChain } from "./validate-chain.js";
