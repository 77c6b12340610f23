import type { Pkcs11Handle, Pkcs11Module, Pkcs11TokenInfo } from "../../../agent/src/pkcs11/pkcs11-module.js";

/**
 * A fault-injecting wrapper over a real PKCS#11 module: shows only the tokens whose label is in
 * `labels` (the test PKI keeps every variant in one SoftHSM2 store; slots without a shown token are hidden
 * too), and ORs `extraFlags` into
 * their CK_TOKEN_INFO flags. SoftHSM2 keeps no PIN retry counter, so this is how a locked or
 * last-try PIN reaches the doctor; everything else is the real module's answer.
 */
export function filteredModule(
  real: Pkcs11Module,
  options: { labels?: readonly string[]; extraFlags?: number },
): Pkcs11Module {
  const shows = async (slot: Pkcs11Handle): Promise<boolean> => {
    if (options.labels === undefined) return true;
    try {
      return options.labels.includes((await real.getTokenInfo(slot)).label);
    } catch {
      return false;
    }
  };
  return {
    path: real.path,
    getLibraryInfo: () => real.getLibraryInfo(),
    async getSlots(tokenPresent: boolean) {
      const slots = await real.getSlots(tokenPresent);
      const kept: Pkcs11Handle[] = [];
      for (const slot of slots) if (await shows(slot)) kept.push(slot);
      return kept;
    },
    getSlotInfo: (slot: Pkcs11Handle) => real.getSlotInfo(slot),
    async getTokenInfo(slot: Pkcs11Handle): Promise<Pkcs11TokenInfo> {
      const info = await real.getTokenInfo(slot);
      return { ...info, flags: info.flags | (options.extraFlags ?? 0) };
    },
    getMechanisms: (slot: Pkcs11Handle) => real.getMechanisms(slot),
    openSession: (slot: Pkcs11Handle) => real.openSession(slot),
    closeSession: (session: Pkcs11Handle) => real.closeSession(session),
    login: (...args: Parameters<Pkcs11Module["login"]>) => real.login(...args),
    logout: (session: Pkcs11Handle) => real.logout(session),
    findObjects: (...args: Parameters<Pkcs11Module["findObjects"]>) => real.findObjects(...args),
    getAttribute: (...args: Parameters<Pkcs11Module["getAttribute"]>) => real.getAttribute(...args),
    signInit: (...args: Parameters<Pkcs11Module["signInit"]>) => real.signInit(...args),
    sign: (...args: Parameters<Pkcs11Module["sign"]>) => real.sign(...args),
    finalize: () => real.finalize(),
  };
}
