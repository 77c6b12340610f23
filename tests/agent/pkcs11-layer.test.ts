import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CnsBridgeError,
  type DigestAlgorithm,
  isCnsBridgeError,
  parseCnsCertificate,
} from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moduleHasToken } from "../../agent/src/cli/open-selected-module.js";
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
import {
  cloneTestPki,
  loadTestPki,
  softhsmEnv,
  type TestPkiManifest,
  type TestToken,
  type TestTokenCertificate,
} from "../pki/index.js";

/**
 * The PKCS#11 layer against the real SoftHSM2 module and the shared test CNS (tests/pki),
 * cross-checked with pkcs11-tool and openssl. Runs on a private copy of the tokens.
 */
let manifest: TestPkiManifest;
let rsa: TestToken;
let ec: TestToken;
let workDir: string;
let module: Pkcs11Module;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "cns-agent-pkcs11-"));
  manifest = await cloneTestPki(loadTestPki(), join(workDir, "pki"));
  rsa = testToken(manifest, "holder-rsa");
  ec = testToken(manifest, "holder-ec");
  // SoftHSM2 reads its config at C_Initialize: this test file runs in its own process.
  process.env.SOFTHSM2_CONF = manifest.softhsm2Conf;
  module = openPkcs11Module(manifest.modulePath);
});

afterAll(async () => {
  await module.finalize();
  rmSync(workDir, { recursive: true, force: true });
});

function testToken(pki: TestPkiManifest, variant: string): TestToken {
  const found =
    Object.values(pki.tokens).find((candidate) => candidate.variant === variant) ?? pki.tokens[variant];
  if (found === undefined) {
    throw new Error(`the test PKI has no ${variant} token`);
  }
  return found;
}

function certificateOf(token: TestToken, usage: "authentication" | "signature"): TestTokenCertificate {
  const certificate = token.certificates[usage];
  if (certificate === undefined) {
    throw new Error(`${token.variant} has no ${usage} certificate`);
  }
  return certificate;
}

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

const USAGES = ["authentication", "signature"] as const;

describe("tokens on SoftHSM2", () => {
  it("lists every token of the test PKI with its label and serial", async () => {
    const listed = (await listTokenSlots(module)).map(
      (found) => `${found.info.label}/${found.info.serialNumber}`,
    );
    const expected = Object.values(manifest.tokens).map((token) => `${token.label}/${token.serial}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it("finds a token by label and by serial", async () => {
    expect((await findTokenSlot(module, rsa.label)).info.serialNumber).toBe(rsa.serial);
    expect((await findTokenSlot(module, rsa.serial)).info.label).toBe(rsa.label);
    expect((await findTokenSlot(module, ec.serial)).info.label).toBe(ec.label);
    expect((await failure(findTokenSlot(module, "NO SUCH CNS"))).code).toBe("TOKEN_NOT_FOUND");
    expect((await failure(findTokenSlot(module))).code).toBe("TOKEN_AMBIGUOUS");
  });

  it("reads the same certificate objects pkcs11-tool -O shows", async () => {
    const session = await TokenSession.open(module, await findTokenSlot(module, rsa.label));
    try {
      const certificates = await session.listCertificates();
      const listing = execFileSync(
        "pkcs11-tool",
        ["--module", manifest.modulePath, "--token-label", rsa.label, "-O"],
        { env: softhsmEnv(manifest), encoding: "utf8" },
      );
      const toolIds = [...listing.matchAll(/Certificate Object[\s\S]*?ID:\s+(\w+)/g)].map(
        (match) => match[1],
      );
      expect(certificates.map((certificate) => certificate.id).sort()).toEqual(toolIds.sort());
      for (const usage of USAGES) {
        const expected = certificateOf(rsa, usage);
        const found = certificates.find((certificate) => certificate.id === expected.id);
        expect(Buffer.from(found?.der ?? []).equals(readFileSync(expected.derPath)), usage).toBe(true);
      }
    } finally {
      await session.close();
    }
  });

  it("classifies both certificates of every test CNS and reads the holder's codice fiscale", async () => {
    for (const token of Object.values(manifest.tokens)) {
      const summary = await describeToken(module, await findTokenSlot(module, token.serial));
      expect(summary).toMatchObject({ label: token.label, serial: token.serial, loggedIn: false });
      const byId = new Map(summary.certificates.map((certificate) => [certificate.id, certificate]));
      for (const usage of USAGES) {
        const expected = token.certificates[usage];
        if (expected !== undefined) {
          expect(byId.get(expected.id), `${token.variant} ${usage}`).toMatchObject({
            usage,
            holder: { codiceFiscale: token.holder.codiceFiscale },
          });
        }
      }
    }
  });
});

describe("login on SoftHSM2", () => {
  it("a wrong PIN is PIN_INCORRECT after exactly one C_Login, and the PIN appears nowhere", async () => {
    const counted = countingLogins(module);
    const session = await TokenSession.open(counted.module, await findTokenSlot(module, rsa.label));
    try {
      const wrongPin = "97531864";
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
    const session = await TokenSession.open(counted.module, await findTokenSlot(module, rsa.label));
    try {
      expect((await failure(session.login("12"))).code).toBe("PIN_LEN_RANGE");
      expect(counted.logins()).toBe(0);
    } finally {
      await session.close();
    }
  });
});

describe("signing on SoftHSM2, verified by openssl against the token's certificate", () => {
  const data = Buffer.from("cns-bridge: firma di prova\n");
  const hashes: [DigestAlgorithm, string][] = [
    ["SHA-256", "sha256"],
    ["SHA-384", "sha384"],
    ["SHA-512", "sha512"],
  ];

  for (const variant of ["holder-rsa", "holder-ec"]) {
    for (const usage of USAGES) {
      for (const [algorithm, opensslName] of hashes) {
        it(`${variant} ${usage} key with ${algorithm}`, async () => {
          const token = testToken(manifest, variant);
          const expected = certificateOf(token, usage);
          const session = await TokenSession.open(module, await findTokenSlot(module, token.serial));
          try {
            await session.login(token.userPin);
            const signer = await createTokenSigner(session, usage);
            expect(signer.keyId).toBe(expected.id);
            expect(signer.keyAlgorithm).toBe(token.keyAlgorithm);
            expect((await parseCnsCertificate(signer.certificate)).usage).toBe(usage);
            const digest = createHash(opensslName).update(data).digest();
            const signature = await signer.sign(new Uint8Array(digest), algorithm);

            const prefix = join(workDir, `${variant}-${usage}-${opensslName}`);
            writeFileSync(`${prefix}.data`, data);
            writeFileSync(`${prefix}.sig`, signature);
            writeFileSync(
              `${prefix}.pub.pem`,
              openssl(["x509", "-in", expected.pemPath, "-pubkey", "-noout"]),
            );
            const verdict = openssl([
              "dgst",
              `-${opensslName}`,
              "-verify",
              `${prefix}.pub.pem`,
              "-signature",
              `${prefix}.sig`,
              `${prefix}.data`,
            ]);
            expect(verdict.trim()).toBe("Verified OK");
          } finally {
            await session.close();
          }
        });
      }
    }
  }

  it("refuses to sign before login, with a key that is not there, or with a digest of the wrong length", async () => {
    const keyId = certificateOf(rsa, "signature").id;
    const session = await TokenSession.open(module, await findTokenSlot(module, rsa.label));
    try {
      const digest = new Uint8Array(32);
      expect((await failure(session.signDigest(keyId, digest, "SHA-256"))).code).toBe("USER_NOT_LOGGED_IN");
      await session.login(rsa.userPin);
      expect((await failure(session.signDigest("ee", digest, "SHA-256"))).code).toBe("KEY_NOT_FOUND");
      expect((await failure(session.signDigest(keyId, digest, "SHA-384"))).code).toBe(
        "DIGEST_LENGTH_MISMATCH",
      );
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
    const session = await TokenSession.open(faulty, await findTokenSlot(faulty, rsa.label));
    try {
      await session.login(rsa.userPin);
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
    const summary = await describeToken(lowCount, await findTokenSlot(lowCount, rsa.label));
    expect(summary.pinFlags).toMatchObject({
      userPinCountLow: true,
      userPinFinalTry: true,
      userPinLocked: false,
    });
    const session = await TokenSession.open(lowCount, await findTokenSlot(lowCount, rsa.label));
    try {
      expect((await failure(session.login("97531864"))).code).toBe("PIN_INCORRECT_FINAL_TRY");
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
    const notAModule = join(workDir, "not-a-module.so");
    writeFileSync(notAModule, "this is text");
    expect(() => openPkcs11Module(notAModule)).toThrow(
      expect.objectContaining({ code: "MODULE_LOAD_FAILED" }) as Error,
    );
  });

  it("auto-detection's probe sees the tokens of a working module and none elsewhere", async () => {
    expect(await moduleHasToken(manifest.modulePath)).toBe(true);
    expect(await moduleHasToken("/nonexistent/libnothing.so")).toBe(false);
    const notAModule = join(workDir, "also-not-a-module.so");
    writeFileSync(notAModule, "\u007fELF but not really");
    expect(await moduleHasToken(notAModule)).toBe(false);
    // The probe shares the library with this file's module and must not finalize it.
    expect(await listTokenSlots(module)).toHaveLength(Object.keys(manifest.tokens).length);
  });

  it("shares one initialized library between users, even through another path, until the last finalize", async () => {
    const link = join(workDir, "softhsm-link.so");
    symlinkSync(manifest.modulePath, link);
    const second = openPkcs11Module(link);
    const count = Object.keys(manifest.tokens).length;
    expect(await listTokenSlots(second)).toHaveLength(count);
    await second.finalize();
    await second.finalize();
    expect(await listTokenSlots(module)).toHaveLength(count);
    expect((await failure(listTokenSlots(second))).code).toBe("PKCS11_ERROR");
  });
});
