export { type ErrorCode, errorCatalog, isErrorCode } from "./catalog/index.js";
export {
  CnsBridgeError,
  type ErrorParams,
  isCnsBridgeError,
  type SerializedError,
} from "./cns-bridge-error.js";
export { formatMessage, type Language, type LocalizedMessage, type MessageCatalog } from "./message.js";
