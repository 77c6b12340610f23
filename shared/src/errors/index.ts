export { type ErrorCode, errorCatalog, isErrorCode } from "./catalog/index.js";
export {
  CnsBridgeError,
  type ErrorParams,
  isCnsBridgeError,
  type SerializedError,
} from "./cns-bridge-error.js";
export { formatHumanDate } from "./human-date.js";
export { PASSPHRASE_RULE_TEXT } from "./human-params.js";
export { formatMessage, type Language, type LocalizedMessage, type MessageCatalog } from "./message.js";
