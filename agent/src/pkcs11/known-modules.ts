/**
 * PKCS#11 middleware that drives Italian CNS cards (and SoftHSM2 for tests), with the places their
 * installers put the module on each operating system. Data, not code: add a vendor or a path here
 * and auto-detection and `cns-agent modules` pick it up. Order matters: auto-detection takes the
 * first module present that shows a token, so the card vendors come before the generic ones.
 */
export interface KnownModule {
  readonly id: string;
  readonly vendor: string;
  readonly product: string;
  /** Absolute candidate paths per Node `process.platform`. */
  readonly paths: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>>;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  {
    id: "bit4id",
    vendor: "bit4id",
    product: "bit4id Universal Middleware (bit4xpki)",
    paths: {
      linux: [
        "/usr/lib/libbit4xpki.so",
        "/usr/local/lib/libbit4xpki.so",
        "/usr/lib/x86_64-linux-gnu/libbit4xpki.so",
        "/usr/lib64/libbit4xpki.so",
      ],
      win32: ["C:\\Windows\\System32\\bit4xpki.dll"],
      darwin: ["/usr/local/lib/libbit4xpki.dylib", "/Library/bit4id/pkcs11/libbit4xpki.dylib"],
    },
  },
  {
    id: "athena",
    vendor: "Athena Smartcard Solutions",
    product: "Athena IDProtect (ASEP11)",
    paths: {
      linux: [
        "/usr/lib/libASEP11.so",
        "/usr/local/lib/libASEP11.so",
        "/usr/lib/x86_64-linux-gnu/libASEP11.so",
        "/usr/lib64/libASEP11.so",
      ],
      win32: ["C:\\Windows\\System32\\asepkcs.dll"],
      darwin: ["/usr/local/lib/libASEP11.dylib"],
    },
  },
  {
    id: "idemia",
    vendor: "IDEMIA (Oberthur)",
    product: "IDEMIA / Oberthur AWP middleware (OcsCryptoki)",
    paths: {
      linux: [
        "/usr/lib/libOcsCryptoki.so",
        "/usr/local/lib/libOcsCryptoki.so",
        "/usr/lib/x86_64-linux-gnu/libOcsCryptoki.so",
        "/usr/lib64/libOcsCryptoki.so",
      ],
      win32: ["C:\\Windows\\System32\\OcsCryptoki.dll"],
      darwin: [
        "/Library/Frameworks/eToken.framework/Versions/Current/libOcsCryptoki.dylib",
        "/usr/local/lib/libOcsCryptoki.dylib",
      ],
    },
  },
  {
    id: "opensc",
    vendor: "OpenSC Project",
    product: "OpenSC",
    paths: {
      linux: [
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
        "/usr/lib64/opensc-pkcs11.so",
        "/usr/lib/opensc-pkcs11.so",
      ],
      win32: ["C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll"],
      darwin: ["/Library/OpenSC/lib/opensc-pkcs11.so", "/usr/local/lib/opensc-pkcs11.so"],
    },
  },
  {
    id: "softhsm2",
    vendor: "OpenDNSSEC",
    product: "SoftHSM2 (software token, for tests)",
    paths: {
      linux: [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
      ],
      win32: ["C:\\SoftHSM2\\lib\\softhsm2-x64.dll"],
      darwin: ["/usr/local/lib/softhsm/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so"],
    },
  },
];
