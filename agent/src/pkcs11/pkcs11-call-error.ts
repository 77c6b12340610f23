import { ckrName } from "./ckr-values.js";

/**
 * A PKCS#11 call that returned something other than CKR_OK. Carries only the CK_RV and the
 * function name: never the arguments (one of them may be a PIN).
 */
export class Pkcs11CallError extends Error {
  override readonly name = "Pkcs11CallError";

  constructor(
    readonly ckr: number,
    readonly method: string,
  ) {
    super(`${method} returned ${ckrName(ckr)}`);
  }
}
