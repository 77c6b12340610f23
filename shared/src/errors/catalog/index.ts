import { cnsMessages } from "./cns.js";
import { generalMessages } from "./general.js";
import { pagopaMessages } from "./pagopa.js";
import { protocolMessages } from "./protocol.js";

/**
 * Every stable error code of cns-bridge with its Italian and English message.
 * Each area keeps its own file; this object is the single list the rest of the code sees.
 */
export const errorCatalog = {
  ...generalMessages,
  ...cnsMessages,
  ...pagopaMessages,
  ...protocolMessages,
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalog, value);
}
