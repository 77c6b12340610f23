import { existsSync, realpathSync } from "node:fs";
import { CnsBridgeError } from "@cns-bridge/shared";
import pkcs11js from "pkcs11js";
import { CKF_SESSION } from "./ck-constants.js";
import { CKR } from "./ckr-values.js";
import { Pkcs11CallError } from "./pkcs11-call-error.js";
import type {
  Pkcs11Attribute,
  Pkcs11Handle,
  Pkcs11LibraryInfo,
  Pkcs11Module,
  Pkcs11SlotInfo,
  Pkcs11TokenInfo,
} from "./pkcs11-module.js";

/** Large enough for an RSA-8192 or EC P-521 signature; pkcs11js returns the used part. */
const SIGNATURE_BUFFER_BYTES = 1024;
const FIND_BATCH = 64;
/** CKF_OS_LOCKING_OK: signing runs on libuv's worker threads (C_SignAsync). */
const INITIALIZE_FLAGS = 0x2;

interface LoadedLibrary {
  readonly key: string;
  readonly library: pkcs11js.PKCS11;
  references: number;
}

/**
 * One loaded library per path in this process: Cryptoki is initialized once per process, so two
 * users of the same module (the CLI's probe and its command, the server's sessions) share it
 * and the last `finalize` really finalizes.
 */
const loaded = new Map<string, LoadedLibrary>();

/**
 * Loads a PKCS#11 module with pkcs11js and initializes it. Refuses a missing file with
 * MODULE_NOT_FOUND and a file that is not a working module with MODULE_LOAD_FAILED.
 */
export function openPkcs11Module(path: string): Pkcs11Module {
  if (!existsSync(path)) {
    throw new CnsBridgeError("MODULE_NOT_FOUND", { path });
  }
  // Keyed by the real file: two paths to one library share one dlopen handle and one C_Initialize.
  const key = realpathSync(path);
  const existing = loaded.get(key);
  if (existing !== undefined) {
    existing.references += 1;
    return new Pkcs11jsModule(path, existing);
  }
  const library = new pkcs11js.PKCS11();
  try {
    library.load(path);
  } catch (error) {
    throw new CnsBridgeError(
      "MODULE_LOAD_FAILED",
      { path, detail: describeLoadFailure(error) },
      { cause: error },
    );
  }
  try {
    library.C_Initialize({ flags: INITIALIZE_FLAGS });
  } catch (error) {
    // Another component of this process (not through us) initialized the module already.
    if (!(error instanceof pkcs11js.Pkcs11Error && error.code === CKR.CRYPTOKI_ALREADY_INITIALIZED)) {
      library.close();
      throw new CnsBridgeError(
        "MODULE_LOAD_FAILED",
        { path, detail: `C_Initialize: ${describeLoadFailure(error)}` },
        { cause: error },
      );
    }
  }
  const entry: LoadedLibrary = { key, library, references: 1 };
  loaded.set(key, entry);
  return new Pkcs11jsModule(path, entry);
}

function describeLoadFailure(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]?.trim() || error.name : String(error);
}

/** pkcs11js's text fields are blank padded to a fixed width. */
function trimPadded(text: string): string {
  return text.replace(/[\s\0]+$/u, "");
}

function version(v: pkcs11js.Version): string {
  return `${v.major}.${v.minor}`;
}

function asBuffer(handle: Uint8Array): Buffer {
  return Buffer.isBuffer(handle) ? handle : Buffer.from(handle.buffer, handle.byteOffset, handle.byteLength);
}

class Pkcs11jsModule implements Pkcs11Module {
  #finalized = false;

  constructor(
    readonly path: string,
    readonly entry: LoadedLibrary,
  ) {}

  get #lib(): pkcs11js.PKCS11 {
    if (this.#finalized) {
      throw new Pkcs11CallError(CKR.CRYPTOKI_NOT_INITIALIZED, "C_Initialize");
    }
    return this.entry.library;
  }

  /** Runs a Cryptoki call, turning pkcs11js's error into a Pkcs11CallError (CKR + function only). */
  #call<T>(method: string, call: (lib: pkcs11js.PKCS11) => T): T {
    try {
      return call(this.#lib);
    } catch (error) {
      throw toCallError(error, method);
    }
  }

  async getLibraryInfo(): Promise<Pkcs11LibraryInfo> {
    const info = this.#call("C_GetInfo", (lib) => lib.C_GetInfo());
    return {
      manufacturerId: trimPadded(info.manufacturerID),
      libraryDescription: trimPadded(info.libraryDescription),
      cryptokiVersion: version(info.cryptokiVersion),
      libraryVersion: version(info.libraryVersion),
    };
  }

  async getSlots(tokenPresent: boolean): Promise<Pkcs11Handle[]> {
    return this.#call("C_GetSlotList", (lib) => lib.C_GetSlotList(tokenPresent));
  }

  async getSlotInfo(slot: Pkcs11Handle): Promise<Pkcs11SlotInfo> {
    const info = this.#call("C_GetSlotInfo", (lib) => lib.C_GetSlotInfo(asBuffer(slot)));
    return {
      description: trimPadded(info.slotDescription),
      manufacturerId: trimPadded(info.manufacturerID),
      flags: info.flags,
    };
  }

  async getTokenInfo(slot: Pkcs11Handle): Promise<Pkcs11TokenInfo> {
    const info = this.#call("C_GetTokenInfo", (lib) => lib.C_GetTokenInfo(asBuffer(slot)));
    return {
      label: trimPadded(info.label),
      manufacturerId: trimPadded(info.manufacturerID),
      model: trimPadded(info.model),
      serialNumber: trimPadded(info.serialNumber),
      flags: info.flags,
      minPinLength: info.minPinLen,
      maxPinLength: info.maxPinLen,
    };
  }

  async getMechanisms(slot: Pkcs11Handle): Promise<number[]> {
    return this.#call("C_GetMechanismList", (lib) => lib.C_GetMechanismList(asBuffer(slot)));
  }

  async openSession(slot: Pkcs11Handle): Promise<Pkcs11Handle> {
    return this.#call("C_OpenSession", (lib) =>
      lib.C_OpenSession(asBuffer(slot), CKF_SESSION.SERIAL_SESSION),
    );
  }

  async closeSession(session: Pkcs11Handle): Promise<void> {
    this.#call("C_CloseSession", (lib) => lib.C_CloseSession(asBuffer(session)));
  }

  async login(session: Pkcs11Handle, userType: number, pin: string): Promise<void> {
    this.#call("C_Login", (lib) => lib.C_Login(asBuffer(session), userType, pin));
  }

  async logout(session: Pkcs11Handle): Promise<void> {
    this.#call("C_Logout", (lib) => lib.C_Logout(asBuffer(session)));
  }

  async findObjects(session: Pkcs11Handle, template: readonly Pkcs11Attribute[]): Promise<Pkcs11Handle[]> {
    const handle = asBuffer(session);
    const query = template.map(({ type, value }) => ({
      type,
      value: value instanceof Uint8Array ? asBuffer(value) : value,
    }));
    this.#call("C_FindObjectsInit", (lib) => lib.C_FindObjectsInit(handle, query));
    const found: Pkcs11Handle[] = [];
    try {
      for (;;) {
        const batch = this.#call("C_FindObjects", (lib) => lib.C_FindObjects(handle, FIND_BATCH));
        found.push(...batch);
        if (batch.length < FIND_BATCH) {
          break;
        }
      }
    } catch (error) {
      // The search failed (token gone?): end it if possible, but report the first failure.
      try {
        this.#call("C_FindObjectsFinal", (lib) => lib.C_FindObjectsFinal(handle));
      } catch {
        // already reporting `error`
      }
      throw error;
    }
    this.#call("C_FindObjectsFinal", (lib) => lib.C_FindObjectsFinal(handle));
    return found;
  }

  async getAttribute(session: Pkcs11Handle, object: Pkcs11Handle, type: number): Promise<Uint8Array | null> {
    try {
      const [attribute] = this.#call("C_GetAttributeValue", (lib) =>
        lib.C_GetAttributeValue(asBuffer(session), asBuffer(object), [{ type }]),
      );
      return attribute?.value ?? null;
    } catch (error) {
      if (
        error instanceof Pkcs11CallError &&
        (error.ckr === CKR.ATTRIBUTE_TYPE_INVALID || error.ckr === CKR.ATTRIBUTE_SENSITIVE)
      ) {
        return null;
      }
      throw error;
    }
  }

  async signInit(session: Pkcs11Handle, mechanism: number, key: Pkcs11Handle): Promise<void> {
    this.#call("C_SignInit", (lib) => lib.C_SignInit(asBuffer(session), { mechanism }, asBuffer(key)));
  }

  async sign(session: Pkcs11Handle, data: Uint8Array): Promise<Uint8Array> {
    const lib = this.#lib;
    try {
      // Off the main thread: a card takes 100 ms to seconds to sign.
      const signature = await lib.C_SignAsync(
        asBuffer(session),
        Buffer.from(data),
        Buffer.alloc(SIGNATURE_BUFFER_BYTES),
      );
      return new Uint8Array(signature);
    } catch (error) {
      throw toCallError(error, "C_Sign");
    }
  }

  async finalize(): Promise<void> {
    if (this.#finalized) {
      return;
    }
    this.#finalized = true;
    this.entry.references -= 1;
    if (this.entry.references > 0) {
      return;
    }
    loaded.delete(this.entry.key);
    try {
      this.entry.library.C_Finalize();
    } finally {
      this.entry.library.close();
    }
  }
}

function toCallError(error: unknown, method: string): Error {
  if (error instanceof Pkcs11CallError) {
    return error;
  }
  if (error instanceof pkcs11js.Pkcs11Error) {
    return new Pkcs11CallError(error.code, method);
  }
  // pkcs11js's NativeError / TypeError: an argument pkcs11js refused before reaching the module.
  return new Pkcs11CallError(CKR.GENERAL_ERROR, method);
}
