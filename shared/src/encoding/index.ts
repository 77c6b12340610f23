export { base64ToBytes, bytesToBase64, bytesToHex } from "./base64.js";
