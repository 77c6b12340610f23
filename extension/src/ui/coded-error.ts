import { CnsBridgeError, isCnsBridgeError } from "@cns-bridge/shared";
import { currentLanguage } from "../i18n/t.js";

/** What a page shows for a failure: the message saying what to do, and its stable code. */
export interface CodedMessage {
  readonly code: string;
  readonly message: string;
}

/**
 * Any failure as a coded message in the holder's language: a CnsBridgeError, a portal error
 * (already Italian, with the portal's code), or anything else as INTERNAL.
 */
export function codedMessage(error: unknown): CodedMessage {
  if (isCnsBridgeError(error)) return { code: error.code, message: error.messageIn(currentLanguage()) };
  if (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    error.name === "PortalError"
  ) {
    return { code: error.code, message: error.message };
  }
  return codedMessage(new CnsBridgeError("INTERNAL", {}, { cause: error }));
}
