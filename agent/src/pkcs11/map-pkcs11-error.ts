import { CnsBridgeError, type ErrorParams, isCnsBridgeError } from "@cns-bridge/shared";
import { CKR_ERROR_CODES } from "./ckr-error-codes.js";
import { CKR, type CkrName, ckrName } from "./ckr-values.js";
import { Pkcs11CallError } from "./pkcs11-call-error.js";

/** What the caller knows about the failed operation, used in the messages that name a thing. */
export interface Pkcs11ErrorContext {
  readonly keyId?: string;
  readonly mechanism?: string;
  readonly keyType?: string;
}

const NAME_BY_VALUE = new Map<number, CkrName>(
  (Object.entries(CKR) as [CkrName, number][]).map(([name, value]) => [value, name]),
);

/**
 * Turns whatever a Pkcs11Module call threw into a CnsBridgeError with a stable code. A
 * CnsBridgeError passes through unchanged; anything that is not a Pkcs11CallError is a bug or a
 * crashed module and becomes PKCS11_ERROR. The cause keeps only the CKR and the function name.
 */
export function mapPkcs11Error(error: unknown, context: Pkcs11ErrorContext = {}): CnsBridgeError {
  if (isCnsBridgeError(error)) {
    return error;
  }
  if (!(error instanceof Pkcs11CallError)) {
    const detail = error instanceof Error ? error.name : typeof error;
    return new CnsBridgeError("PKCS11_ERROR", { ckr: detail, method: "?" });
  }
  const name = NAME_BY_VALUE.get(error.ckr);
  const code = name === undefined ? undefined : CKR_ERROR_CODES[name];
  const cause = { cause: error };
  if (code === undefined) {
    return new CnsBridgeError("PKCS11_ERROR", { ckr: ckrName(error.ckr), method: error.method }, cause);
  }
  const params: Record<string, string> = { method: error.method, ckr: ckrName(error.ckr) };
  params.keyId = context.keyId ?? "?";
  params.mechanism = context.mechanism ?? "?";
  params.keyType = context.keyType ?? "?";
  return new CnsBridgeError(code, params satisfies ErrorParams, cause);
}

/** Runs one module call and maps its failure. */
export async function pkcs11Call<T>(call: () => Promise<T>, context?: Pkcs11ErrorContext): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapPkcs11Error(error, context);
  }
}
