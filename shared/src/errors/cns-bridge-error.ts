import { type ErrorCode, errorCatalog, isErrorCode } from "./catalog/index.js";
import { humanParams } from "./human-params.js";
import { formatMessage, type Language } from "./message.js";

export type ErrorParams = Readonly<Record<string, string | number>>;

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly params?: ErrorParams;
}

/**
 * The one error class of cns-bridge. The code is stable and machine-readable; the message
 * is rendered from the catalog in the requested language, so an error survives the trip
 * across processes (agent -> extension -> page) as `{code, params}` and is rebuilt intact.
 */
export class CnsBridgeError extends Error {
  override readonly name = "CnsBridgeError";
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(formatMessage(errorCatalog[code].en, humanParams(params, "en")), options);
    this.code = code;
    this.params = params;
  }

  messageIn(language: Language): string {
    return formatMessage(errorCatalog[this.code][language], humanParams(this.params, language));
  }

  serialize(language: Language = "it"): SerializedError {
    return { code: this.code, message: this.messageIn(language), params: this.params };
  }

  /** Called by JSON.stringify (with a property key, not a language): Italian, the default. */
  toJSON(): SerializedError {
    return this.serialize("it");
  }

  /** Rebuilds an error that crossed a process boundary; anything unrecognised becomes INTERNAL. */
  static fromJSON(value: unknown): CnsBridgeError {
    if (typeof value === "object" && value !== null && "code" in value && isErrorCode(value.code)) {
      const params = "params" in value && isParams(value.params) ? value.params : {};
      return new CnsBridgeError(value.code, params);
    }
    return new CnsBridgeError("INTERNAL");
  }
}

function isParams(value: unknown): value is ErrorParams {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((v) => typeof v === "string" || typeof v === "number")
  );
}

export function isCnsBridgeError(error: unknown, code?: ErrorCode): error is CnsBridgeError {
  return error instanceof CnsBridgeError && (code === undefined || error.code === code);
}
