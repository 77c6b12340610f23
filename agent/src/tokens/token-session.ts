import {
  CnsBridgeError,
  type DigestAlgorithm,
  ecdsaRawToDer,
  isCnsBridgeError,
  type KeyAlgorithm,
  type PinFlags,
} from "@cns-bridge/shared";
import { CKA, CKC, CKF_TOKEN, CKK, CKM, CKO, CKU } from "../pkcs11/ck-constants.js";
import { CKR } from "../pkcs11/ckr-values.js";
import { mapPkcs11Error, pkcs11Call } from "../pkcs11/map-pkcs11-error.js";
import { Pkcs11CallError } from "../pkcs11/pkcs11-call-error.js";
import type { Pkcs11Handle, Pkcs11Module, Pkcs11TokenInfo } from "../pkcs11/pkcs11-module.js";
import { fromHex, readBool, readUlong, readUtf8, toHex } from "./attribute-values.js";
import { buildDigestInfo, checkDigestLength } from "./digest-info.js";
import { decodePinFlags } from "./pin-flags.js";
import type { TokenSlot } from "./token-directory.js";

/** An X.509 certificate object of the token. */
export interface TokenCertificate {
  /** CKA_ID, lowercase hex: the link to the private key. */
  readonly id: string;
  readonly label: string;
  readonly der: Uint8Array;
}

/** What the layer checks about a private key before asking the token to sign with it. */
export interface TokenPrivateKey {
  readonly id: string;
  readonly handle: Pkcs11Handle;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly canSign: boolean;
  readonly alwaysAuthenticate: boolean;
}

const MECHANISM_BY_KEY: Readonly<Record<KeyAlgorithm, { readonly value: number; readonly name: string }>> = {
  RSA: { value: CKM.RSA_PKCS, name: "CKM_RSA_PKCS" },
  EC: { value: CKM.ECDSA, name: "CKM_ECDSA" },
};

/** Module-reported PIN length limits are used only when they look real (some report 0 or ~0). */
const MAX_PLAUSIBLE_PIN_LENGTH = 1024;

/**
 * One open PKCS#11 session on one token. Login takes the PIN the caller supplies, calls C_Login
 * exactly once (never retried) and keeps the PIN only while this session is logged in, solely for
 * the context-specific login a CKA_ALWAYS_AUTHENTICATE key needs; logout and close forget it.
 * Every operation checks what it can first and acts second. Always `close()` it (try/finally).
 */
export class TokenSession {
  #pin: string | null = null;
  #loggedIn = false;
  #closed = false;
  /**
   * What a signature needs to know and cannot change while this session lives (key handles and
   * attributes, the slot's mechanisms): looked up once, not before every C_Sign. Cleared on
   * logout and close, since private keys may be visible only while logged in.
   */
  readonly #keys = new Map<string, TokenPrivateKey>();
  #mechanisms: readonly number[] | undefined;

  private constructor(
    readonly module: Pkcs11Module,
    readonly slot: Pkcs11Handle,
    readonly handle: Pkcs11Handle,
    readonly label: string,
    readonly serial: string,
  ) {}

  static async open(module: Pkcs11Module, token: TokenSlot): Promise<TokenSession> {
    const handle = await pkcs11Call(() => module.openSession(token.slot));
    return new TokenSession(module, token.slot, handle, token.info.label, token.info.serialNumber);
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  async tokenInfo(): Promise<Pkcs11TokenInfo> {
    return pkcs11Call(() => this.module.getTokenInfo(this.slot));
  }

  async pinFlags(): Promise<PinFlags> {
    return decodePinFlags((await this.tokenInfo()).flags);
  }

  /**
   * C_Login as the user with `pin`, once. Refused before any C_Login when the token says the PIN is
   * locked or the PIN's length is outside the token's range (so no attempt is wasted). A wrong PIN
   * becomes PIN_INCORRECT, PIN_INCORRECT_FINAL_TRY or PIN_LOCKED from the flags read right after.
   */
  async login(pin: string): Promise<void> {
    this.#checkOpen();
    const info = await this.tokenInfo();
    if ((info.flags & CKF_TOKEN.USER_PIN_LOCKED) !== 0) {
      throw new CnsBridgeError("PIN_LOCKED");
    }
    if (!pinLengthAccepted(pin, info)) {
      throw new CnsBridgeError("PIN_LEN_RANGE");
    }
    try {
      await this.module.login(this.handle, CKU.USER, pin);
    } catch (error) {
      // Another session of this application already logged the token in: the state we want.
      if (!(error instanceof Pkcs11CallError && error.ckr === CKR.USER_ALREADY_LOGGED_IN)) {
        const mapped = mapPkcs11Error(error);
        throw isCnsBridgeError(mapped, "PIN_INCORRECT") ? await this.#wrongPinError(mapped) : mapped;
      }
    }
    this.#loggedIn = true;
    this.#pin = pin;
  }

  async #wrongPinError(original: CnsBridgeError): Promise<CnsBridgeError> {
    let flags: number;
    try {
      flags = (await this.tokenInfo()).flags;
    } catch {
      return original;
    }
    const cause = { cause: original };
    if ((flags & CKF_TOKEN.USER_PIN_LOCKED) !== 0) {
      return new CnsBridgeError("PIN_LOCKED", {}, cause);
    }
    if ((flags & CKF_TOKEN.USER_PIN_FINAL_TRY) !== 0) {
      return new CnsBridgeError("PIN_INCORRECT_FINAL_TRY", {}, cause);
    }
    return original;
  }

  async logout(): Promise<void> {
    this.#pin = null;
    this.#keys.clear();
    if (!this.#loggedIn) {
      return;
    }
    this.#loggedIn = false;
    await pkcs11Call(() => this.module.logout(this.handle));
  }

  /** X.509 certificates on the token (public objects: readable without the PIN). */
  async listCertificates(): Promise<TokenCertificate[]> {
    this.#checkOpen();
    const handles = await pkcs11Call(() =>
      this.module.findObjects(this.handle, [
        { type: CKA.CLASS, value: CKO.CERTIFICATE },
        { type: CKA.CERTIFICATE_TYPE, value: CKC.X_509 },
      ]),
    );
    const certificates: TokenCertificate[] = [];
    for (const object of handles) {
      const der = await this.#attribute(object, CKA.VALUE);
      if (der === null || der.byteLength === 0) {
        continue;
      }
      certificates.push({
        id: toHex((await this.#attribute(object, CKA.ID)) ?? new Uint8Array(0)),
        label: readUtf8(await this.#attribute(object, CKA.LABEL)),
        der,
      });
    }
    return certificates;
  }

  /** The private key with CKA_ID `keyId` (hex). On a CNS private keys are visible only after login. */
  async findPrivateKey(keyId: string): Promise<TokenPrivateKey> {
    this.#checkOpen();
    const known = this.#keys.get(keyId);
    if (known !== undefined) {
      return known;
    }
    const id = fromHex(keyId);
    if (id === null) {
      throw new CnsBridgeError("BAD_INPUT", { detail: "key id must be hexadecimal" });
    }
    const [handle] = await pkcs11Call(
      () =>
        this.module.findObjects(this.handle, [
          { type: CKA.CLASS, value: CKO.PRIVATE_KEY },
          { type: CKA.ID, value: id },
        ]),
      { keyId },
    );
    if (handle === undefined) {
      throw new CnsBridgeError("KEY_NOT_FOUND", { keyId });
    }
    const keyType = readUlong(await this.#attribute(handle, CKA.KEY_TYPE, keyId));
    const keyAlgorithm = keyType === CKK.RSA ? "RSA" : keyType === CKK.EC ? "EC" : null;
    if (keyAlgorithm === null) {
      throw new CnsBridgeError("KEY_TYPE_UNSUPPORTED", {
        keyType: keyType === null ? "?" : `0x${keyType.toString(16)}`,
      });
    }
    const key: TokenPrivateKey = {
      id: keyId,
      handle,
      keyAlgorithm,
      canSign: readBool(await this.#attribute(handle, CKA.SIGN, keyId)),
      alwaysAuthenticate: readBool(await this.#attribute(handle, CKA.ALWAYS_AUTHENTICATE, keyId)),
    };
    if (this.#loggedIn) {
      this.#keys.set(keyId, key);
    }
    return key;
  }

  /**
   * Signs a precomputed digest with the key `keyId`. RSA: CKM_RSA_PKCS over the DER DigestInfo,
   * giving a PKCS#1 v1.5 signature. EC: CKM_ECDSA over the raw digest, returned as DER
   * ECDSA-Sig-Value. Checks digest length, login, key presence, CKA_SIGN and the token's
   * mechanism list before the first signing call.
   */
  async signDigest(keyId: string, digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
    this.#checkOpen();
    checkDigestLength(digest, algorithm);
    if (!this.#loggedIn && ((await this.tokenInfo()).flags & CKF_TOKEN.LOGIN_REQUIRED) !== 0) {
      throw new CnsBridgeError("USER_NOT_LOGGED_IN");
    }
    const key = await this.findPrivateKey(keyId);
    if (!key.canSign) {
      throw new CnsBridgeError("KEY_CANNOT_SIGN", { keyId });
    }
    const mechanism = MECHANISM_BY_KEY[key.keyAlgorithm];
    this.#mechanisms ??= await pkcs11Call(() => this.module.getMechanisms(this.slot));
    const supported = this.#mechanisms;
    if (!supported.includes(mechanism.value)) {
      throw new CnsBridgeError("MECHANISM_UNSUPPORTED", { mechanism: mechanism.name });
    }
    const pin = this.#pin;
    if (key.alwaysAuthenticate && pin === null) {
      throw new CnsBridgeError("USER_NOT_LOGGED_IN");
    }
    const input = key.keyAlgorithm === "RSA" ? buildDigestInfo(digest, algorithm) : digest;
    const context = { keyId, mechanism: mechanism.name };

    await pkcs11Call(() => this.module.signInit(this.handle, mechanism.value, key.handle), context);
    if (key.alwaysAuthenticate && pin !== null) {
      try {
        await pkcs11Call(() => this.module.login(this.handle, CKU.CONTEXT_SPECIFIC, pin), context);
      } catch (error) {
        // C_SignInit left a signing operation active, which would make every later C_SignInit on
        // this session fail with CKR_OPERATION_ACTIVE. Without the context login C_Sign fails, and
        // a failed C_Sign ends the operation (PKCS#11 v2.40 section 5.2); its result is unused.
        await this.module.sign(this.handle, input).catch(() => undefined);
        throw error;
      }
    }
    const signature = await pkcs11Call(() => this.module.sign(this.handle, input), context);
    return key.keyAlgorithm === "EC" ? ecdsaRawToDer(signature) : signature;
  }

  /**
   * Logs out (when logged in) and closes the session; forgets the PIN. Never throws: closing runs
   * in `finally` blocks, often after the token has gone, and must not hide the first error.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#pin = null;
    this.#keys.clear();
    if (this.#loggedIn) {
      this.#loggedIn = false;
      await this.module.logout(this.handle).catch(() => undefined);
    }
    await this.module.closeSession(this.handle).catch(() => undefined);
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new CnsBridgeError("SESSION_CLOSED");
    }
  }

  async #attribute(object: Pkcs11Handle, type: number, keyId?: string): Promise<Uint8Array | null> {
    return pkcs11Call(
      () => this.module.getAttribute(this.handle, object, type),
      keyId === undefined ? {} : { keyId },
    );
  }
}

function pinLengthAccepted(pin: string, info: Pkcs11TokenInfo): boolean {
  const length = new TextEncoder().encode(pin).byteLength;
  if (length === 0) {
    return false;
  }
  const { minPinLength: min, maxPinLength: max } = info;
  const plausible = min > 0 && max >= min && max <= MAX_PLAUSIBLE_PIN_LENGTH;
  return !plausible || (length >= min && length <= max);
}
