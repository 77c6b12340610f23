import type { UserType } from "./ck-constants.js";

/**
 * An opaque PKCS#11 handle (slot id, session or object handle) as the module gave it. Compare
 * with `sameHandle`, never by identity. Slot ids in particular are not stable across runs.
 */
export type Pkcs11Handle = Uint8Array;

export function sameHandle(a: Pkcs11Handle, b: Pkcs11Handle): boolean {
  return a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);
}

export interface Pkcs11LibraryInfo {
  readonly manufacturerId: string;
  readonly libraryDescription: string;
  readonly cryptokiVersion: string;
  readonly libraryVersion: string;
}

export interface Pkcs11SlotInfo {
  readonly description: string;
  readonly manufacturerId: string;
  /** CKF_TOKEN_PRESENT, CKF_REMOVABLE_DEVICE, CKF_HW_SLOT. */
  readonly flags: number;
}

/** CK_TOKEN_INFO with the blank padding of the text fields removed. */
export interface Pkcs11TokenInfo {
  readonly label: string;
  readonly manufacturerId: string;
  readonly model: string;
  readonly serialNumber: string;
  /** CKF_* token flags (see CKF_TOKEN). */
  readonly flags: number;
  readonly minPinLength: number;
  readonly maxPinLength: number;
}

/** One attribute of a search template. */
export interface Pkcs11Attribute {
  readonly type: number;
  readonly value: number | boolean | Uint8Array;
}

/**
 * The whole of PKCS#11 that cns-bridge uses, one method per Cryptoki call (or pair of calls).
 * Everything above `agent/src/pkcs11` depends on this interface only, so tests can put a
 * fault-injecting module (token removed, CKR_DEVICE_ERROR, slowness, PIN flags) in its place.
 *
 * Methods reject with `Pkcs11CallError` carrying the CK_RV; callers map it to a CnsBridgeError
 * with `mapPkcs11Error`, which knows which operation failed.
 */
export interface Pkcs11Module {
  /** The file the module was loaded from. */
  readonly path: string;
  getLibraryInfo(): Promise<Pkcs11LibraryInfo>;
  /** C_GetSlotList. */
  getSlots(tokenPresent: boolean): Promise<Pkcs11Handle[]>;
  getSlotInfo(slot: Pkcs11Handle): Promise<Pkcs11SlotInfo>;
  getTokenInfo(slot: Pkcs11Handle): Promise<Pkcs11TokenInfo>;
  /** C_GetMechanismList: CKM_* values. */
  getMechanisms(slot: Pkcs11Handle): Promise<number[]>;
  /** C_OpenSession with CKF_SERIAL_SESSION (read-only: cns-bridge never writes to a card). */
  openSession(slot: Pkcs11Handle): Promise<Pkcs11Handle>;
  closeSession(session: Pkcs11Handle): Promise<void>;
  /** C_Login. The PIN is passed through and never kept. */
  login(session: Pkcs11Handle, userType: UserType, pin: string): Promise<void>;
  logout(session: Pkcs11Handle): Promise<void>;
  /** C_FindObjectsInit + C_FindObjects until exhausted + C_FindObjectsFinal. */
  findObjects(session: Pkcs11Handle, template: readonly Pkcs11Attribute[]): Promise<Pkcs11Handle[]>;
  /** C_GetAttributeValue of one attribute; null when the object has no such attribute or it is sensitive. */
  getAttribute(session: Pkcs11Handle, object: Pkcs11Handle, type: number): Promise<Uint8Array | null>;
  /** C_SignInit. Split from `sign` because a CKA_ALWAYS_AUTHENTICATE key needs a context login in between. */
  signInit(session: Pkcs11Handle, mechanism: number, key: Pkcs11Handle): Promise<void>;
  /** C_Sign of the whole input. */
  sign(session: Pkcs11Handle, data: Uint8Array): Promise<Uint8Array>;
  /** C_Finalize and unload. Idempotent. */
  finalize(): Promise<void>;
}
