import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CnsBridgeError,
  type DigestAlgorithm,
  isCnsBridgeError,
  parseCnsCertificate,
} from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CKF_TOKEN } from "../../agent/src/pkcs11/ck-constants.js";
import { CKR } from "../../agent/src/pkcs11/ckr-values.js";
import { Pkcs11CallError } from "../../agent/src/pkcs11/pkcs11-call-error.js";
import type { Pkcs11Module } from "../../agent/src/pkcs11/pkcs11-module.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { describeToken } from "../../agent/src/tokens/describe-token.js";
import { findTokenSlot, listTokenSlots } from "../../agent/src/tokens/token-directory.js";
import { TokenSession } from "../../agent/src/tokens/token-session.js";
import { createTokenSigner } from "../../agent/src/tokens/token-signer.js";
import { interceptPkcs11Module } from "./support/intercept-pkcs11-module.js";
import { createSoftHsmTestToken, type SoftHsmTestToken } from "./support/softhsm-test-token.js";

/** The PKCS#11 layer against the real SoftHSM2 module, cross-checked with pkcs11-tool and openssl. */
let token: SoftHsmTestToken;
let module: Pkcs11Module;

beforeAll(() => {
  token = createSoftHsmTestToken();
  // SoftHSM2 reads its config at C_Initialize: this test file runs in its own process.
  process.env.SOFTHSM2_CONF = token.softhsm2Conf;
  module = openPkcs11Module(token.modulePath);
});

afterAll(async () => {
  await module.finalize();
  token.remove();
});

/** Counts C_Login calls through the real module: the layer must never retry a PIN. */
function countingLogins(inner: Pkcs11Module): { module: Pkcs11Module; logins: () => number } {
  let logins = 0;
  const wrapped = interceptPkcs11Module(inner, {
    login: (session, userType, pin) => {
      logins += 1;
      return inner.login(session, userType, pin);
    },
  });
  return { module: wrapped, logins: () => logins };
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

function openssl(args: readonly string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("tokens on SoftHSM2", () => {
  it("lists the initialized token with the serial pkcs11-tool reports", async () => {
    const tokens = await listTokenSlots(module);
    expect(tokens.map((found) => [found.info.label, found.info.serialNumber])).toEqual([
      [token.label, token.serial],
    ]);
  });

  it("finds the token by label and by serial", async () => {
    expect((await findTokenSlot(module, token.label)).info.serialNumber).toBe(token.serial);
    expect((await findTokenSlot(module, token.serial)).info.label).toBe(token.label);
    expect((await failure(findTokenSlot(module, "NO SUCH CNS"))).code).toBe("TOKEN_NOT_FOUND");
  });

  it("reads the same certificate objects pkcs11-tool -O shows", async () => {
    const session = await TokenSession.open(module, await findTokenSlot(module, token.label));
    try {
      const certificates = await session.listCertificates();
      const listing = execFileSync(
        "pkcs11-tool",
        ["--module", token.modulePath, "--token-label", token.label, "-O"],
        {
          env: token.env,
          encoding: "utf8",
        },
      );
      const toolIds = [...listing.matchAll(/Certificate Object[\s\S]*?ID:\s+(\w+)/g)].map(
        (match) => match[1],
      );
      expect(certificates.map((certificate) => certificate.id).sort()).toEqual(toolIds.sort());
      for (const [usage, expected] of Object.entries(token.certificates)) {
        const found = certificates.find((certificate) => certificate.id === expected.id);
        expect(Buffer.from(found?.der ?? []).equals(Buffer.from(expected.der)), usage).toBe(true);
      }
    } finally {
      await session.close();
    }
  });

  it("describes the token and classifies both certificates", async () => {
    const summary = await describeToken(module, await findTokenSlot(module, token.serial));
    expect(summary).toMatchObject({ label: token.label, serial: token.serial, loggedIn: false });
    expect(summary.pinFlags.userPinLocked).toBe(false);
    const byId = new Map(summary.certificates.map((certificate) => [certificate.id, certificate]));
    expect(byId.get(token.certificates.authentication.id)).toMatchObject({
      usage: "authentication",
      holder: { codiceFiscale: token.codiceFiscale },
    });
    expect(byId.get(token.certificates.signature.id)).toMatchObject({
      usage: "signature",
      holder: { codiceFiscale: token.codiceFiscale },
    });
  });
});

describe("login on SoftHSM2", () => {
  it("a wrong PIN is PIN_INCORRECT after exactly one C_Login", async () => {
    const counted = countingLogins(module);
    const session = await TokenSession.open(counted.module, await findTokenSlot(module, token.label));
    try {
      const wrongPin = "99999999";
      const error = await failure(session.login(wrongPin));
      expect(error.code).toBe("PIN_INCORRECT");
      expect(counted.logins()).toBe(1);
      expect(JSON.stringify(error) + error.message + String(error.cause)).not.toContain(wrongPin);
    } finally {
      await session.close();
    }
  });

  it("a PIN shorter than the token's minimum is refused without C_Login", async () => {
    const counted = countingLogins(module);
    const session = await TokenSession.open(counted.module, await findTokenSlot(module, token.label));
    try {
      expect((await failure(session.login("12"))).code).toBe("PIN_LEN_RANGE");
      expect(counted.logins()).toBe(0);
    } finally {
      await session.close();
    }
  });
});

describe("signing on SoftHSM2, verified by openssl", () => {
  const data = Buffer.from("cns-bridge: firma di prova\n");
  const hashes: [DigestAlgorithm, string][] = [
    ["SHA-256", "sha256"],
    ["SHA-384", "sha384"],
    ["SHA-512", "sha512"],
  ];

  for (const usage of ["authentication", "signature"] as const) {
    for (const [algorithm, opensslName] of hashes) {
      it(`${usage} key (${usage === "authentication" ? "RSA" : "EC"}) with ${algorithm}`, async () => {
        const session = await TokenSession.open(module, await findTokenSlot(module, token.label));
        try {
          await session.login(token.userPin);
          const signer = await createTokenSigner(session, usage);
          expect(signer.keyId).toBe(token.certificates[usage].id);
          expect(signer.keyAlgorithm).toBe(token.certificates[usage].keyAlgorithm);
          expect((await parseCnsCertificate(signer.certificate)).usage).toBe(usage);
          const digest = createHash(opensslName).update(data).digest();
          const signature = await signer.sign(new Uint8Array(digest), algorithm);

          const dataPath = join(token.dir, "data.txt");
          const signaturePath = join(token.dir, `${usage}-${opensslName}.sig`);
          const publicKeyPath = join(token.dir, `${usage}-public.pem`);
          writeFileSync(dataPath, data);
          writeFileSync(signaturePath, signature);
          writeFileSync(
            publicKeyPath,
            openssl(["x509", "-in", token.certificates[usage].pemPath, "-pubkey", "-noout"]),
          );
          const verdict = openssl([
            "dgst",
            `-${opensslName}`,
            "-verify",
            publicKeyPath,
            "-signature",
            signaturePath,
            dataPath,
          ]);
          expect(verdict.trim()).toBe("Verified OK");
        } finally {
          await session.close();
        }
      });
    }
  }

  it("refuses to sign before login, and a key that is not on the token", async () => {
    const session = await TokenSession.open(module, await findTokenSlot(module, token.label));
    try {
      const digest = new Uint8Array(32);
      expect(
        (await failure(session.signDigest(token.certificates.authentication.id, digest, "SHA-256"))).code,
      ).toBe("USER_NOT_LOGGED_IN");
      await session.login(token.userPin);
      expect((await failure(session.signDigest("ee", digest, "SHA-256"))).code).toBe("KEY_NOT_FOUND");
      expect(
        (await failure(session.signDigest(token.certificates.authentication.id, digest, "SHA-384"))).code,
      ).toBe("DIGEST_LENGTH_MISMATCH");
    } finally {
      await session.close();
    }
  });
});

describe("faults injected around the real module", () => {
  it("a token pulled out during C_Sign is TOKEN_REMOVED, and closing still succeeds", async () => {
    let closed = 0;
    const faulty = interceptPkcs11Module(module, {
      sign: () => Promise.reject(new Pkcs11CallError(CKR.DEVICE_REMOVED, "C_Sign")),
      closeSession: (session) => {
        closed += 1;
        return module.closeSession(session);
      },
    });
    const session = await TokenSession.open(faulty, await findTokenSlot(faulty, token.label));
    try {
      await session.login(token.userPin);
      const signer = await createTokenSigner(session, "signature");
      expect((await failure(signer.sign(new Uint8Array(32), "SHA-256"))).code).toBe("TOKEN_REMOVED");
    } finally {
      await session.close();
    }
    expect(closed).toBe(1);
  });

  it("injected PIN flags reach the caller (SoftHSM2 keeps no retry counter)", async () => {
    const lowCount = interceptPkcs11Module(module, {
      getTokenInfo: async (slot) => {
        const info = await module.getTokenInfo(slot);
        return { ...info, flags: info.flags | CKF_TOKEN.USER_PIN_COUNT_LOW | CKF_TOKEN.USER_PIN_FINAL_TRY };
      },
    });
    const summary = await describeToken(lowCount, await findTokenSlot(lowCount, token.label));
    expect(summary.pinFlags).toMatchObject({
      userPinCountLow: true,
      userPinFinalTry: true,
      userPinLocked: false,
    });
    const session = await TokenSession.open(lowCount, await findTokenSlot(lowCount, token.label));
    try {
      expect((await failure(session.login("99999999"))).code).toBe("PIN_INCORRECT_FINAL_TRY");
    } finally {
      await session.close();
    }
  });
});

describe("module loading", () => {
  it("MODULE_NOT_FOUND for a missing file, MODULE_LOAD_FAILED for a file that is not a module", () => {
    expect(() => openPkcs11Module("/nonexistent/libnothing.so")).toThrow(
      expect.objectContaining({ code: "MODULE_NOT_FOUND" }) as Error,
    );
    const notAModule = join(token.dir, "not-a-module.so");
    writeFileSync(notAModule, "this is text");
    expect(() => openPkcs11Module(notAModule)).toThrow(
      expect.objectContaining({ code: "MODULE_LOAD_FAILED" }) as Error,
    );
  });

  it("shares one initialized library between users, even through another path, until the last finalize", async () => {
    const link = join(token.dir, "softhsm-link.so");
    symlinkSync(token.modulePath, link);
    const second = openPkcs11Module(link);
    expect(await listTokenSlots(second)).toHaveLength(1);
    await second.finalize();
    await second.finalize();
    expect(await listTokenSlots(module)).toHaveLength(1);
    expect((await failure(listTokenSlots(second))).code).toBe("PKCS11_ERROR");
  });
});
