import { cnsMessages } from "./cns.js";
import { doctorMessages } from "./doctor.js";
import { extensionMessages } from "./extension.js";
import { authTokenMessages } from "./auth-token.js";
import { generalMessages } from "./general.js";
import { padesMessages } from "./pades.js";
import { pagopaMessages } from "./pagopa.js";
import { pkcs11Messages } from "./pkcs11.js";
import { protocolMessages } from "./protocol.js";
import { routeMessages } from "./route.js";
import { signatureMessages } from "./signatures.js";

/**
 * Every stable error code of cns-bridge with its Italian and English message.
 * Each area keeps its own file; this object is the single list the rest of the code sees.
 */
export const errorCatalog = {
  ...generalMessages,
  ...doctorMessages,
  ...authTokenMessages,
  ...cnsMessages,
  ...pagopaMessages,
  ...protocolMessages,
  ...pkcs11Messages,
  ...padesMessages,
  ...extensionMessages,
  ...signatureMessages,
  ...routeMessages,
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalog, value);
}
