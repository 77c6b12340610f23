import type { PinFlags } from "@cns-bridge/shared";
import { CKF_TOKEN } from "../pkcs11/ck-constants.js";

/** The PIN state a token reports in CK_TOKEN_INFO.flags. */
export function decodePinFlags(flags: number): PinFlags {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    userPinCountLow: has(CKF_TOKEN.USER_PIN_COUNT_LOW),
    userPinFinalTry: has(CKF_TOKEN.USER_PIN_FINAL_TRY),
    userPinLocked: has(CKF_TOKEN.USER_PIN_LOCKED),
    userPinToBeChanged: has(CKF_TOKEN.USER_PIN_TO_BE_CHANGED),
    soPinCountLow: has(CKF_TOKEN.SO_PIN_COUNT_LOW),
    soPinFinalTry: has(CKF_TOKEN.SO_PIN_FINAL_TRY),
    soPinLocked: has(CKF_TOKEN.SO_PIN_LOCKED),
  };
}
