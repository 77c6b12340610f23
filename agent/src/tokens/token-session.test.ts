import { type CnsBridgeError, isCnsBridgeError } from "@cns-bridge/shared";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type FakeObject,
  FakePkcs11Module,
  type FakeToken,
  fakeTokenInfo,
} from "../../../tests/agent/support/fake-pkcs11-module.js";
import { CKF_TOKEN, CKK, CKM, CKO, CKU } from "../pkcs11/ck-constants.js";
import { toHex } from "./attribute-values.js";
import { buildDigestInfo } from "./digest-info.js";
import { findTokenSlot } from "./token-directory.js";
import { TokenSession } from "./token-session.js";

const PIN = "24681357";
const SHA256 = new Uint8Array(32).fill(7);

function key(id: number, overrides: Partial<FakeObject> = {}): FakeObject {
  return {
    objectClass: CKO.PRIVATE_KEY,
    id: Uint8Array.of(id),
    keyType: CKK.RSA,
    private: true,
    ...overrides,
  };
}

function token(overrides: Partial<FakeToken> = {}): FakeToken {
  return {
    info: fakeTokenInfo(),
    userPin: PIN,
    mechanisms: [CKM.RSA_PKCS, CKM.ECDSA],
    objects: [
      key(0x01),
      key(0x02, { keyType: CKK.EC }),
      key(0x03, { canSign: false }),
      key(0x04, { alwaysAuthenticate: true }),
      key(0x05, { keyType: 0x10 }),
    ],
    ...overrides,
  };
}

async function openSession(fake: FakePkcs11Module): Promise<TokenSession> {
  return TokenSession.open(fake, await findTokenSlot(fake));
}

async function failure(promise: Promise<unknown>): Promise<CnsBridgeError> {
  try {
    await promise;
  } catch (error) {
    if (isCnsBridgeError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a CnsBridgeError");
}

/** Everything an error could leak through: messages, JSON, the cause chain. */
function everythingSaid(error: CnsBridgeError): string {
  const parts = [
    error.message,
    error.messageIn("it"),
    JSON.stringify(error),
    JSON.stringify(error.serialize("en")),
  ];
  for (let cause: unknown = error.cause; cause !== undefined;) {
    parts.push(
      String(cause),
      cause instanceof Error ? `${cause.message} ${cause.stack ?? ""}` : JSON.stringify(cause),
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join("\n");
}

describe("TokenSession.login", () => {
  let fake: FakePkcs11Module;
  beforeEach(() => {
    fake = new FakePkcs11Module([token()]);
  });

  it("logs in with C_Login(CKU_USER) once", async () => {
    const session = await openSession(fake);
    await session.login(PIN);
    expect(session.loggedIn).toBe(true);
    expect(fake.calls.filter((call) => call.method === "C_Login")).toEqual([
      { method: "C_Login", userType: CKU.USER },
    ]);
  });

  it("reports a wrong PIN as PIN_INCORRECT after exactly one C_Login, never naming the PIN", async () => {
    const session = await openSession(fake);
    const wrong = "13579246";
    const error = await failure(session.login(wrong));
    expect(error.code).toBe("PIN_INCORRECT");
    expect(fake.count("C_Login")).toBe(1);
    expect(session.loggedIn).toBe(false);
    expect(everythingSaid(error)).not.toContain(wrong);
  });

  it("says final try or locked from the flags the token shows after a wrong PIN", async () => {
    const finalTry = new FakePkcs11Module([
      token({
        flagsAfterWrongPin:
          fakeTokenInfo().flags | CKF_TOKEN.USER_PIN_COUNT_LOW | CKF_TOKEN.USER_PIN_FINAL_TRY,
      }),
    ]);
    expect((await failure((await openSession(finalTry)).login("00000000"))).code).toBe(
      "PIN_INCORRECT_FINAL_TRY",
    );
    const locked = new FakePkcs11Module([
      token({ flagsAfterWrongPin: fakeTokenInfo().flags | CKF_TOKEN.USER_PIN_LOCKED }),
    ]);
    expect((await failure((await openSession(locked)).login("00000000"))).code).toBe("PIN_LOCKED");
  });

  it("refuses without calling C_Login when the PIN is already locked", async () => {
    const locked = new FakePkcs11Module([
      token({ info: fakeTokenInfo({ flags: fakeTokenInfo().flags | CKF_TOKEN.USER_PIN_LOCKED }) }),
    ]);
    const error = await failure((await openSession(locked)).login(PIN));
    expect(error.code).toBe("PIN_LOCKED");
    expect(locked.count("C_Login")).toBe(0);
  });

  it("refuses a PIN outside the token's length range without calling C_Login", async () => {
    const session = await openSession(fake);
    for (const pin of ["", "1234", "123456789"]) {
      const error = await failure(session.login(pin));
      expect(error.code).toBe("PIN_LEN_RANGE");
      expect(everythingSaid(error)).not.toContain(pin || "\u0000");
    }
    expect(fake.count("C_Login")).toBe(0);
  });

  it("ignores implausible length limits a module reports", async () => {
    const odd = new FakePkcs11Module([token({ info: fakeTokenInfo({ minPinLength: 0, maxPinLength: 0 }) })]);
    await (await openSession(odd)).login(PIN);
    expect(odd.count("C_Login")).toBe(1);
  });

  it("maps every C_Login failure, e.g. a token pulled out, and keeps the PIN out of it", async () => {
    const session = await openSession(fake);
    fake.faults.set("C_Login", "DEVICE_REMOVED");
    const error = await failure(session.login(PIN));
    expect(error.code).toBe("TOKEN_REMOVED");
    expect(everythingSaid(error)).not.toContain(PIN);
  });

  it("treats CKR_USER_ALREADY_LOGGED_IN as logged in", async () => {
    await (await openSession(fake)).login(PIN);
    const second = await openSession(fake);
    await second.login(PIN);
    expect(second.loggedIn).toBe(true);
  });
});

describe("TokenSession.signDigest", () => {
  let fake: FakePkcs11Module;
  let session: TokenSession;
  beforeEach(async () => {
    fake = new FakePkcs11Module([token()]);
    session = await openSession(fake);
  });

  const refusals: [string, () => Promise<unknown>, string][] = [
    ["not logged in", () => session.signDigest("01", SHA256, "SHA-256"), "USER_NOT_LOGGED_IN"],
    [
      "digest of the wrong length",
      () => session.signDigest("01", new Uint8Array(20), "SHA-256"),
      "DIGEST_LENGTH_MISMATCH",
    ],
    [
      "SHA-384 length for SHA-512",
      () => session.signDigest("01", new Uint8Array(48), "SHA-512"),
      "DIGEST_LENGTH_MISMATCH",
    ],
  ];
  for (const [name, attempt, code] of refusals) {
    it(`refuses before any signing call: ${name}`, async () => {
      expect((await failure(attempt())).code).toBe(code);
      expect(fake.count("C_SignInit")).toBe(0);
      expect(fake.count("C_Sign")).toBe(0);
    });
  }

  const keyRefusals: [string, string, string][] = [
    ["a key that is not there", "09", "KEY_NOT_FOUND"],
    ["a key without CKA_SIGN", "03", "KEY_CANNOT_SIGN"],
    ["a key type it cannot sign with", "05", "KEY_TYPE_UNSUPPORTED"],
    ["a key id that is not hex", "zz", "BAD_INPUT"],
  ];
  for (const [name, keyId, code] of keyRefusals) {
    it(`refuses before any signing call: ${name}`, async () => {
      await session.login(PIN);
      expect((await failure(session.signDigest(keyId, SHA256, "SHA-256"))).code).toBe(code);
      expect(fake.count("C_SignInit")).toBe(0);
    });
  }

  it("refuses a mechanism the token does not list", async () => {
    const noEcdsa = new FakePkcs11Module([token({ mechanisms: [CKM.RSA_PKCS] })]);
    const ecSession = await openSession(noEcdsa);
    await ecSession.login(PIN);
    const error = await failure(ecSession.signDigest("02", SHA256, "SHA-256"));
    expect(error.code).toBe("MECHANISM_UNSUPPORTED");
    expect(error.messageIn("en")).toContain("CKM_ECDSA");
    expect(noEcdsa.count("C_SignInit")).toBe(0);
  });

  it("RSA: signs the DER DigestInfo with CKM_RSA_PKCS", async () => {
    await session.login(PIN);
    for (const [algorithm, length] of [
      ["SHA-256", 32],
      ["SHA-384", 48],
      ["SHA-512", 64],
    ] as const) {
      const digest = new Uint8Array(length).fill(length);
      const signed = await session.signDigest("01", digest, algorithm);
      expect(toHex(signed)).toBe(toHex(buildDigestInfo(digest, algorithm)));
    }
    expect(
      fake.calls
        .filter((call) => call.method === "C_SignInit")
        .every((call) => call.mechanism === CKM.RSA_PKCS),
    ).toBe(true);
  });

  it("EC: signs the raw digest with CKM_ECDSA and returns DER", async () => {
    const ec = new FakePkcs11Module([token({ signer: () => Uint8Array.of(0x80, 0x01) })]);
    const ecSession = await openSession(ec);
    await ecSession.login(PIN);
    expect(toHex(await ecSession.signDigest("02", SHA256, "SHA-256"))).toBe("300702020080020101");
    const signCall = ec.calls.find((call) => call.method === "C_Sign");
    expect(toHex(signCall?.data ?? new Uint8Array(0))).toBe(toHex(SHA256));
  });

  it("CKA_ALWAYS_AUTHENTICATE: logs in CKU_CONTEXT_SPECIFIC between C_SignInit and C_Sign", async () => {
    await session.login(PIN);
    await session.signDigest("04", SHA256, "SHA-256");
    const order = fake.calls
      .filter((call) => ["C_SignInit", "C_Login", "C_Sign"].includes(call.method))
      .map((call) => (call.method === "C_Login" ? `C_Login:${call.userType ?? "?"}` : call.method));
    expect(order).toEqual([`C_Login:${CKU.USER}`, "C_SignInit", `C_Login:${CKU.CONTEXT_SPECIFIC}`, "C_Sign"]);
  });

  it("a refused context login ends the signing operation, so the session can sign again", async () => {
    await session.login(PIN);
    fake.faults.set("C_Login", "PIN_INCORRECT");
    expect((await failure(session.signDigest("04", SHA256, "SHA-256"))).code).toBe("PIN_INCORRECT");
    expect(toHex(await session.signDigest("04", SHA256, "SHA-256"))).toBe(
      toHex(buildDigestInfo(SHA256, "SHA-256")),
    );
  });

  it("maps faults during signing to coded errors and leaves no session open after close", async () => {
    await session.login(PIN);
    for (const [method, ckr, code] of [
      ["C_Sign", "DEVICE_REMOVED", "TOKEN_REMOVED"],
      ["C_Sign", "DEVICE_ERROR", "DEVICE_ERROR"],
      ["C_SignInit", "KEY_FUNCTION_NOT_PERMITTED", "KEY_CANNOT_SIGN"],
      ["C_Sign", "FUNCTION_FAILED", "FUNCTION_FAILED"],
      ["C_Sign", "SESSION_CLOSED", "SESSION_CLOSED"],
    ] as const) {
      fake.faults.set(method, ckr);
      expect((await failure(session.signDigest("01", SHA256, "SHA-256"))).code).toBe(code);
    }
    fake.faults.set("C_Logout", "DEVICE_REMOVED");
    fake.faults.set("C_CloseSession", "DEVICE_REMOVED");
    await session.close();
    await session.close();
    expect((await failure(session.signDigest("01", SHA256, "SHA-256"))).code).toBe("SESSION_CLOSED");
  });

  it("forgets the login on logout", async () => {
    await session.login(PIN);
    await session.logout();
    expect((await failure(session.signDigest("01", SHA256, "SHA-256"))).code).toBe("USER_NOT_LOGGED_IN");
  });
});

describe("findTokenSlot", () => {
  const two = () =>
    new FakePkcs11Module([
      token({ info: fakeTokenInfo({ label: "CNS A", serialNumber: "1111" }) }),
      null,
      token({ info: fakeTokenInfo({ label: "CNS B", serialNumber: "2222" }) }),
      token({ info: fakeTokenInfo({ label: "", serialNumber: "", flags: 0 }) }),
    ]);

  it("finds a token by label or by serial, never by slot", async () => {
    expect((await findTokenSlot(two(), "CNS B")).info.serialNumber).toBe("2222");
    expect((await findTokenSlot(two(), "1111")).info.label).toBe("CNS A");
    expect((await findTokenSlot(two(), " 2222 ")).info.label).toBe("CNS B");
  });

  it("says which problem it met", async () => {
    expect((await failure(findTokenSlot(two(), "CNS C"))).code).toBe("TOKEN_NOT_FOUND");
    expect((await failure(findTokenSlot(two(), "2"))).code).toBe("TOKEN_NOT_FOUND");
    expect((await failure(findTokenSlot(two()))).code).toBe("TOKEN_AMBIGUOUS");
    expect((await failure(findTokenSlot(new FakePkcs11Module([null]), "CNS A"))).code).toBe(
      "TOKEN_NOT_PRESENT",
    );
    const twins = new FakePkcs11Module([
      token({ info: fakeTokenInfo({ label: "CNS", serialNumber: "1" }) }),
      token({ info: fakeTokenInfo({ label: "CNS", serialNumber: "2" }) }),
    ]);
    expect((await failure(findTokenSlot(twins, "CNS"))).code).toBe("TOKEN_AMBIGUOUS");
    expect((await findTokenSlot(twins, "2")).info.serialNumber).toBe("2");
  });

  it("skips uninitialized tokens and takes the only one left", async () => {
    const fake = new FakePkcs11Module([token({ info: fakeTokenInfo({ flags: 0 }) }), token()]);
    expect((await findTokenSlot(fake)).info.label).toBe("TEST CNS");
  });
});
