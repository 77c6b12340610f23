export {
  MIN_RSA_BITS,
  type SignatureFinding,
  type SignerView,
  type VerifyCmsOptions,
  verifyCmsSignerInfos,
} from "./verify-signer-infos.js";
