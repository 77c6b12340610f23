import { type ErrorCode, isCnsBridgeError } from "@cns-bridge/shared";
import { pkcs11Messages } from "@cns-bridge/shared/errors/catalog/pkcs11";

/** The CLI's exit codes: a contract scripts and other issues' checks rely on. */
export const EXIT = {
  ok: 0,
  /** A check failed (e.g. an invalid signature), or an unexpected internal error. */
  checkFailed: 1,
  /** Bad usage or bad input (options, files, config). */
  badInput: 2,
  /** The PKCS#11 module, the token or the PIN. */
  tokenError: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(pkcs11Messages));

/** Codes that are neither input nor token problems. */
const CHECK_FAILED_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["INTERNAL"]);

export function exitCodeFor(error: unknown): ExitCode {
  if (!isCnsBridgeError(error)) {
    return EXIT.checkFailed;
  }
  if (TOKEN_ERROR_CODES.has(error.code) && error.code !== "CONFIG_INVALID") {
    return EXIT.tokenError;
  }
  return CHECK_FAILED_CODES.has(error.code) ? EXIT.checkFailed : EXIT.badInput;
}
