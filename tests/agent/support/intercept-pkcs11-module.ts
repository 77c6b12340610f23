import type { Pkcs11Module } from "../../../agent/src/pkcs11/pkcs11-module.js";

/**
 * Wraps a Pkcs11Module (usually the real SoftHSM2 one) so a test can watch or replace single
 * calls: count C_Login, inject CKR_DEVICE_REMOVED in C_Sign, delay a call. Every method not in
 * `overrides` goes straight to `inner`.
 */
export function interceptPkcs11Module(
  inner: Pkcs11Module,
  overrides: Partial<Omit<Pkcs11Module, "path">>,
): Pkcs11Module {
  return {
    path: inner.path,
    getLibraryInfo: overrides.getLibraryInfo ?? (() => inner.getLibraryInfo()),
    getSlots: overrides.getSlots ?? ((present) => inner.getSlots(present)),
    getSlotInfo: overrides.getSlotInfo ?? ((slot) => inner.getSlotInfo(slot)),
    getTokenInfo: overrides.getTokenInfo ?? ((slot) => inner.getTokenInfo(slot)),
    getMechanisms: overrides.getMechanisms ?? ((slot) => inner.getMechanisms(slot)),
    openSession: overrides.openSession ?? ((slot) => inner.openSession(slot)),
    closeSession: overrides.closeSession ?? ((session) => inner.closeSession(session)),
    login: overrides.login ?? ((session, userType, pin) => inner.login(session, userType, pin)),
    logout: overrides.logout ?? ((session) => inner.logout(session)),
    findObjects: overrides.findObjects ?? ((session, template) => inner.findObjects(session, template)),
    getAttribute:
      overrides.getAttribute ?? ((session, object, type) => inner.getAttribute(session, object, type)),
    signInit: overrides.signInit ?? ((session, mechanism, key) => inner.signInit(session, mechanism, key)),
    sign: overrides.sign ?? ((session, data) => inner.sign(session, data)),
    finalize: overrides.finalize ?? (() => inner.finalize()),
  };
}
