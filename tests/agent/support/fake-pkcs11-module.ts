import { CKA, CKF_TOKEN, CKO, CKU } from "../../../agent/src/pkcs11/ck-constants.js";
import { CKR, type CkrName } from "../../../agent/src/pkcs11/ckr-values.js";
import { Pkcs11CallError } from "../../../agent/src/pkcs11/pkcs11-call-error.js";
import type {
  Pkcs11Attribute,
  Pkcs11Handle,
  Pkcs11LibraryInfo,
  Pkcs11Module,
  Pkcs11SlotInfo,
  Pkcs11TokenInfo,
} from "../../../agent/src/pkcs11/pkcs11-module.js";

/**
 * An in-memory PKCS#11 module for unit tests: tokens with objects and a user PIN, a call log that
 * records method names and user types (never PINs), and faults injected per method. It implements
 * the same interface as the pkcs11js module, so the token layer cannot tell them apart.
 */
export interface FakeObject {
  readonly objectClass: number;
  readonly id: Uint8Array;
  readonly label?: string;
  /** CKA_VALUE (certificates). */
  readonly value?: Uint8Array;
  readonly keyType?: number;
  readonly canSign?: boolean;
  readonly alwaysAuthenticate?: boolean;
  /** Visible only after login, as private keys are on a CNS. */
  readonly private?: boolean;
}

export interface FakeToken {
  info: Pkcs11TokenInfo;
  userPin: string;
  mechanisms: number[];
  objects: FakeObject[];
  /** Flags the token shows after a wrong PIN (a real card lowers its counter). */
  flagsAfterWrongPin?: number;
  /** What C_Sign returns for this input (default: the input itself, so tests can read it). */
  signer?: (mechanism: number, data: Uint8Array) => Uint8Array;
}

export interface FakeCall {
  readonly method: string;
  readonly userType?: number;
  readonly mechanism?: number;
  readonly data?: Uint8Array;
}

export function fakeTokenInfo(overrides: Partial<Pkcs11TokenInfo> = {}): Pkcs11TokenInfo {
  return {
    label: "TEST CNS",
    manufacturerId: "Fake",
    model: "In memory",
    serialNumber: "0001",
    flags: CKF_TOKEN.TOKEN_INITIALIZED | CKF_TOKEN.LOGIN_REQUIRED | CKF_TOKEN.USER_PIN_INITIALIZED,
    minPinLength: 5,
    maxPinLength: 8,
    ...overrides,
  };
}

interface Session {
  readonly slotIndex: number;
  open: boolean;
  signKey: FakeObject | null;
  signMechanism: number | null;
  contextLoggedIn: boolean;
}

export class FakePkcs11Module implements Pkcs11Module {
  readonly path = "/fake/libfake-pkcs11.so";
  readonly calls: FakeCall[] = [];
  /** method name -> CKR name the next call of that method fails with. */
  readonly faults = new Map<string, CkrName>();
  finalized = false;
  readonly #sessions = new Map<number, Session>();
  readonly #loggedIn = new Set<number>();
  #objects: FakeObject[] = [];
  #nextSession = 1;

  constructor(readonly tokens: (FakeToken | null)[]) {}

  sessionsOpen(): number {
    return [...this.#sessions.values()].filter((session) => session.open).length;
  }

  count(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  #enter(call: FakeCall): void {
    this.calls.push(call);
    if (this.finalized) {
      throw new Pkcs11CallError(CKR.CRYPTOKI_NOT_INITIALIZED, call.method);
    }
    const fault = this.faults.get(call.method);
    if (fault !== undefined) {
      this.faults.delete(call.method);
      throw new Pkcs11CallError(CKR[fault], call.method);
    }
  }

  #token(slot: Pkcs11Handle): [number, FakeToken] {
    const index = slot[0] ?? -1;
    const token = this.tokens[index];
    if (token === undefined) {
      throw new Pkcs11CallError(CKR.SLOT_ID_INVALID, "slot");
    }
    if (token === null) {
      throw new Pkcs11CallError(CKR.TOKEN_NOT_PRESENT, "slot");
    }
    return [index, token];
  }

  #session(handle: Pkcs11Handle, method: string): [Session, FakeToken] {
    const session = this.#sessions.get(handle[0] ?? -1);
    if (session === undefined || !session.open) {
      throw new Pkcs11CallError(CKR.SESSION_HANDLE_INVALID, method);
    }
    const token = this.tokens[session.slotIndex];
    if (token === null || token === undefined) {
      throw new Pkcs11CallError(CKR.DEVICE_REMOVED, method);
    }
    return [session, token];
  }

  async getLibraryInfo(): Promise<Pkcs11LibraryInfo> {
    this.#enter({ method: "C_GetInfo" });
    return {
      manufacturerId: "Fake",
      libraryDescription: "fake",
      cryptokiVersion: "2.40",
      libraryVersion: "1.0",
    };
  }

  async getSlots(tokenPresent: boolean): Promise<Pkcs11Handle[]> {
    this.#enter({ method: "C_GetSlotList" });
    return this.tokens.flatMap((token, index) =>
      tokenPresent && token === null ? [] : [Uint8Array.of(index)],
    );
  }

  async getSlotInfo(slot: Pkcs11Handle): Promise<Pkcs11SlotInfo> {
    this.#enter({ method: "C_GetSlotInfo" });
    return { description: `slot ${slot[0] ?? "?"}`, manufacturerId: "Fake", flags: 1 };
  }

  async getTokenInfo(slot: Pkcs11Handle): Promise<Pkcs11TokenInfo> {
    this.#enter({ method: "C_GetTokenInfo" });
    return { ...this.#token(slot)[1].info };
  }

  async getMechanisms(slot: Pkcs11Handle): Promise<number[]> {
    this.#enter({ method: "C_GetMechanismList" });
    return [...this.#token(slot)[1].mechanisms];
  }

  async openSession(slot: Pkcs11Handle): Promise<Pkcs11Handle> {
    this.#enter({ method: "C_OpenSession" });
    const [slotIndex] = this.#token(slot);
    const handle = this.#nextSession++;
    this.#sessions.set(handle, {
      slotIndex,
      open: true,
      signKey: null,
      signMechanism: null,
      contextLoggedIn: false,
    });
    return Uint8Array.of(handle);
  }

  async closeSession(session: Pkcs11Handle): Promise<void> {
    this.#enter({ method: "C_CloseSession" });
    const [state] = this.#session(session, "C_CloseSession");
    state.open = false;
  }

  async login(session: Pkcs11Handle, userType: number, pin: string): Promise<void> {
    this.#enter({ method: "C_Login", userType });
    const [state, token] = this.#session(session, "C_Login");
    if (pin !== token.userPin) {
      if (token.flagsAfterWrongPin !== undefined) {
        token.info = { ...token.info, flags: token.flagsAfterWrongPin };
      }
      throw new Pkcs11CallError(CKR.PIN_INCORRECT, "C_Login");
    }
    if (userType === CKU.CONTEXT_SPECIFIC) {
      state.contextLoggedIn = true;
      return;
    }
    if (this.#loggedIn.has(state.slotIndex)) {
      throw new Pkcs11CallError(CKR.USER_ALREADY_LOGGED_IN, "C_Login");
    }
    this.#loggedIn.add(state.slotIndex);
  }

  async logout(session: Pkcs11Handle): Promise<void> {
    this.#enter({ method: "C_Logout" });
    const [state] = this.#session(session, "C_Logout");
    this.#loggedIn.delete(state.slotIndex);
  }

  async findObjects(session: Pkcs11Handle, template: readonly Pkcs11Attribute[]): Promise<Pkcs11Handle[]> {
    this.#enter({ method: "C_FindObjects" });
    const [state, token] = this.#session(session, "C_FindObjects");
    const visible = token.objects.filter((object) => !object.private || this.#loggedIn.has(state.slotIndex));
    const matches = visible.filter((object) =>
      template.every((attribute) => matchesAttribute(object, attribute)),
    );
    return matches.map((object) => {
      this.#objects.push(object);
      return Uint8Array.of(this.#objects.length - 1);
    });
  }

  async getAttribute(session: Pkcs11Handle, object: Pkcs11Handle, type: number): Promise<Uint8Array | null> {
    this.#enter({ method: "C_GetAttributeValue" });
    this.#session(session, "C_GetAttributeValue");
    const found = this.#objects[object[0] ?? -1];
    if (found === undefined) {
      throw new Pkcs11CallError(CKR.OBJECT_HANDLE_INVALID, "C_GetAttributeValue");
    }
    return attributeValue(found, type);
  }

  async signInit(session: Pkcs11Handle, mechanism: number, key: Pkcs11Handle): Promise<void> {
    this.#enter({ method: "C_SignInit", mechanism });
    const [state] = this.#session(session, "C_SignInit");
    const found = this.#objects[key[0] ?? -1];
    if (found === undefined) {
      throw new Pkcs11CallError(CKR.KEY_HANDLE_INVALID, "C_SignInit");
    }
    if (state.signKey !== null) {
      throw new Pkcs11CallError(CKR.OPERATION_ACTIVE, "C_SignInit");
    }
    state.signKey = found;
    state.signMechanism = mechanism;
    state.contextLoggedIn = false;
  }

  async sign(session: Pkcs11Handle, data: Uint8Array): Promise<Uint8Array> {
    // Any C_Sign, failed or not, ends the active signing operation (PKCS#11 v2.40 section 5.2).
    const active = this.#sessions.get(session[0] ?? -1);
    const signKey = active?.signKey ?? null;
    const signMechanism = active?.signMechanism ?? null;
    if (active !== undefined) {
      active.signKey = null;
    }
    this.#enter({ method: "C_Sign", data: Uint8Array.from(data) });
    const [state, token] = this.#session(session, "C_Sign");
    if (signKey === null || signMechanism === null) {
      throw new Pkcs11CallError(CKR.OPERATION_NOT_INITIALIZED, "C_Sign");
    }
    if (!this.#loggedIn.has(state.slotIndex)) {
      throw new Pkcs11CallError(CKR.USER_NOT_LOGGED_IN, "C_Sign");
    }
    if (signKey.alwaysAuthenticate === true && !state.contextLoggedIn) {
      throw new Pkcs11CallError(CKR.USER_NOT_LOGGED_IN, "C_Sign");
    }
    return token.signer === undefined ? Uint8Array.from(data) : token.signer(signMechanism, data);
  }

  async finalize(): Promise<void> {
    this.calls.push({ method: "C_Finalize" });
    this.finalized = true;
  }
}

function ulong(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
}

function attributeValue(object: FakeObject, type: number): Uint8Array | null {
  switch (type) {
    case CKA.CLASS:
      return ulong(object.objectClass);
    case CKA.ID:
      return object.id;
    case CKA.LABEL:
      return new TextEncoder().encode(object.label ?? "");
    case CKA.VALUE:
      return object.value ?? null;
    case CKA.KEY_TYPE:
      return object.keyType === undefined ? null : ulong(object.keyType);
    case CKA.SIGN:
      return object.objectClass === CKO.PRIVATE_KEY ? Uint8Array.of(object.canSign === false ? 0 : 1) : null;
    case CKA.ALWAYS_AUTHENTICATE:
      return object.objectClass === CKO.PRIVATE_KEY
        ? Uint8Array.of(object.alwaysAuthenticate === true ? 1 : 0)
        : null;
    default:
      return null;
  }
}

function matchesAttribute(object: FakeObject, attribute: Pkcs11Attribute): boolean {
  if (attribute.type === CKA.CERTIFICATE_TYPE) {
    return object.objectClass === CKO.CERTIFICATE && attribute.value === 0;
  }
  const actual = attributeValue(object, attribute.type);
  if (actual === null) {
    return false;
  }
  const expected =
    attribute.value instanceof Uint8Array
      ? attribute.value
      : typeof attribute.value === "number"
        ? ulong(attribute.value)
        : Uint8Array.of(attribute.value ? 1 : 0);
  return actual.byteLength === expected.byteLength && actual.every((byte, index) => byte === expected[index]);
}
