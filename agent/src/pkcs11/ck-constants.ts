/**
 * The few PKCS#11 v2.40 constants cns-bridge uses, so that nothing above this folder needs
 * pkcs11js. Values are the specification's; a test cross-checks them against pkcs11js.
 */
export const CKO = { CERTIFICATE: 0x1, PUBLIC_KEY: 0x2, PRIVATE_KEY: 0x3 } as const;

export const CKA = {
  CLASS: 0x0,
  TOKEN: 0x1,
  PRIVATE: 0x2,
  LABEL: 0x3,
  VALUE: 0x11,
  CERTIFICATE_TYPE: 0x80,
  KEY_TYPE: 0x100,
  ID: 0x102,
  SIGN: 0x108,
  MODULUS: 0x120,
  EC_PARAMS: 0x180,
  ALWAYS_AUTHENTICATE: 0x202,
} as const;

export const CKK = { RSA: 0x0, EC: 0x3 } as const;

export const CKC = { X_509: 0x0 } as const;

export const CKM = { RSA_PKCS: 0x1, ECDSA: 0x1041 } as const;

/** User types of C_Login. */
export const CKU = { SO: 0, USER: 1, CONTEXT_SPECIFIC: 2 } as const;
export type UserType = (typeof CKU)[keyof typeof CKU];

/** CK_SESSION_INFO flags for C_OpenSession. */
export const CKF_SESSION = { RW_SESSION: 0x2, SERIAL_SESSION: 0x4 } as const;

/** CK_SLOT_INFO flags. */
export const CKF_SLOT = { TOKEN_PRESENT: 0x1, REMOVABLE_DEVICE: 0x2, HW_SLOT: 0x4 } as const;

/** CK_TOKEN_INFO flags. */
export const CKF_TOKEN = {
  LOGIN_REQUIRED: 0x4,
  USER_PIN_INITIALIZED: 0x8,
  PROTECTED_AUTHENTICATION_PATH: 0x100,
  TOKEN_INITIALIZED: 0x400,
  USER_PIN_COUNT_LOW: 0x10000,
  USER_PIN_FINAL_TRY: 0x20000,
  USER_PIN_LOCKED: 0x40000,
  USER_PIN_TO_BE_CHANGED: 0x80000,
  SO_PIN_COUNT_LOW: 0x100000,
  SO_PIN_FINAL_TRY: 0x200000,
  SO_PIN_LOCKED: 0x400000,
  SO_PIN_TO_BE_CHANGED: 0x800000,
} as const;
