// The agent's public API for the other parts of cns-bridge (server, signing, doctor, tests).
export { CKA, CKC, CKF_SLOT, CKF_TOKEN, CKK, CKM, CKO, CKU, type UserType } from "./pkcs11/ck-constants.js";
export { CKR, type CkrName, ckrName } from "./pkcs11/ckr-values.js";
export { findInstalledModules, type InstalledModule } from "./pkcs11/find-known-modules.js";
export { KNOWN_MODULES, type KnownModule } from "./pkcs11/known-modules.js";
export { mapPkcs11Error, pkcs11Call, type Pkcs11ErrorContext } from "./pkcs11/map-pkcs11-error.js";
export { Pkcs11CallError } from "./pkcs11/pkcs11-call-error.js";
export type {
  Pkcs11Attribute,
  Pkcs11Handle,
  Pkcs11LibraryInfo,
  Pkcs11Module,
  Pkcs11SlotInfo,
  Pkcs11TokenInfo,
} from "./pkcs11/pkcs11-module.js";
export { sameHandle } from "./pkcs11/pkcs11-module.js";
export { openPkcs11Module } from "./pkcs11/pkcs11js-module.js";
export { type ModuleChoice, type ModuleSource, selectModule } from "./pkcs11/select-module.js";
export { buildDigestInfo, checkDigestLength, DIGEST_ALGORITHM_SPECS } from "./tokens/digest-info.js";
export { describeToken, readCnsCertificates, type TokenCnsCertificate } from "./tokens/describe-token.js";
export { decodePinFlags } from "./tokens/pin-flags.js";
export { findTokenSlot, listTokenSlots, type TokenSlot } from "./tokens/token-directory.js";
export { type TokenCertificate, type TokenPrivateKey, TokenSession } from "./tokens/token-session.js";
export { createTokenSigner, TokenSigner } from "./tokens/token-signer.js";
export type { CliCommand, CommandContext, OptionValues } from "./cli/command.js";
export { booleanOption, stringListOption, stringOption } from "./cli/command.js";
export { configFilePath, type ConfigFile, configFileSchema, readConfigFile } from "./cli/config-file.js";
export { EXIT, exitCodeFor, type ExitCode } from "./cli/exit-codes.js";
export { openSelectedModule } from "./cli/open-selected-module.js";
export { type ModuleOpener, runCli } from "./cli/main.js";
