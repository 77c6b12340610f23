import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pkcs11ModulesCheck } from "../../agent/src/doctor/checks/pkcs11-modules.js";
import { signingSelfTestCheck } from "../../agent/src/doctor/checks/signing-self-test.js";
import { tokenChecks } from "../../agent/src/doctor/checks/token-checks.js";
import { CKF_TOKEN } from "../../agent/src/pkcs11/ck-constants.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { cloneTestPki, ensureTestPki, type TestPkiManifest } from "../pki/index.js";
import { doctorContext, runChecks } from "./doctor-context-for-tests.js";
import { filteredModule } from "./support/filtered-module.js";

const CHECKS = [pkcs11ModulesCheck, tokenChecks];
// zlib: a real shared library present on every Debian machine, and not a PKCS#11 module.
const NOT_PKCS11 =
  ["/lib/x86_64-linux-gnu/libz.so.1", "/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib/libz.so.1"].find((path) =>
    existsSync(path),
  ) ?? "/lib/x86_64-linux-gnu/libz.so.1";

describe("doctor on SoftHSM2 tokens (real PKCS#11)", () => {
  let dir: string;
  let pki: TestPkiManifest;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-pkcs11-"));
    pki = await ensureTestPki();
    process.env.SOFTHSM2_CONF = pki.softhsm2Conf;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const token = (variant: string) => {
    const found = Object.values(pki.tokens).find((candidate) => candidate.variant === variant);
    if (found === undefined) throw new Error(`no test token ${variant}`);
    return found;
  };

  /** The SoftHSM2 module showing one variant's token, with injected flags. */
  const onlyToken = (variant: string, extraFlags = 0) => ({
    explicitModule: { path: pki.modulePath, source: "flag" as const },
    installedModules: () => [],
    openModule: (path: string) =>
      filteredModule(openPkcs11Module(path), { labels: [token(variant).label], extraFlags }),
  });

  it("a valid CNS: module, PIN, both certificates and expiry ok", async () => {
    const context = await doctorContext(dir, onlyToken("holder-rsa"));
    const { report, italian } = await runChecks(context, CHECKS);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["pkcs11.module", "ok"],
      ["token.pin", "ok"],
      ["token.certificates", "ok"],
      ["token.expiry", "ok"],
      ["token.chain", "skip"],
    ]);
    const certificates = report.checks.find((check) => check.id === "token.certificates");
    expect(certificates?.evidence.authentication).toBe(1);
    expect(certificates?.evidence.signature).toBe(1);
    expect(italian).toMatchSnapshot();
  });

  it("locked PIN: tells to use the PUK, with the PUK warning", async () => {
    const context = await doctorContext(dir, onlyToken("holder-rsa", CKF_TOKEN.USER_PIN_LOCKED));
    const { report, italian } = await runChecks(context, CHECKS);
    const pin = report.checks.find((check) => check.id === "token.pin");
    expect(pin?.status).toBe("fail");
    expect(pin?.remedy?.it).toMatch(/^PIN bloccato: usa il PUK con /);
    expect(pin?.remedy?.it).toContain("tre PUK errati bloccano il dispositivo per sempre");
    expect(report.overall).toBe("fail");
    expect(italian).toMatchSnapshot();
  });

  it("final try and count low: warnings, final try says not to guess", async () => {
    const final = await runChecks(
      await doctorContext(dir, onlyToken("holder-rsa", CKF_TOKEN.USER_PIN_FINAL_TRY)),
      CHECKS,
    );
    expect(final.report.checks.find((check) => check.id === "token.pin")?.summary.it).toBe(
      "Ultimo tentativo di PIN rimasto.",
    );
    expect(final.report.overall).toBe("warn");
    const puk = await runChecks(
      await doctorContext(dir, onlyToken("holder-rsa", CKF_TOKEN.SO_PIN_FINAL_TRY)),
      CHECKS,
    );
    expect(puk.report.checks.find((check) => check.id === "token.pin")).toMatchObject({
      status: "fail",
      summary: { it: "PUK: resta un solo tentativo." },
    });
    const low = await runChecks(
      await doctorContext(dir, onlyToken("holder-rsa", CKF_TOKEN.USER_PIN_COUNT_LOW)),
      CHECKS,
    );
    expect(low.report.checks.find((check) => check.id === "token.pin")?.status).toBe("warn");
  });

  it("expired certificate: new device needed", async () => {
    const context = await doctorContext(dir, onlyToken("expired"));
    const { report, italian } = await runChecks(context, CHECKS);
    const expiry = report.checks.find((check) => check.id === "token.expiry");
    expect(expiry?.status).toBe("fail");
    expect(expiry?.remedy?.it).toContain("nuovo dispositivo");
    expect(italian).toMatchSnapshot();
  });

  it("certificate in the renewal window: renew online once", async () => {
    const context = await doctorContext(dir, onlyToken("renewal-window"));
    const { report, italian } = await runChecks(context, CHECKS);
    const expiry = report.checks.find((check) => check.id === "token.expiry");
    expect(expiry?.status).toBe("warn");
    expect(expiry?.remedy?.it).toContain("una sola volta");
    expect(italian).toMatchSnapshot();
  });

  it("module path missing: says which setting to fix", async () => {
    const context = await doctorContext(dir, {
      explicitModule: { path: join(dir, "missing", "libcns.so"), source: "flag" },
      installedModules: () => [],
    });
    const { report, italian } = await runChecks(context, CHECKS);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["pkcs11.module", "fail"],
      ["token.present", "skip"],
    ]);
    expect(report.checks[0]?.evidence.error).toBe("MODULE_NOT_FOUND");
    expect(italian.replaceAll(dir, "DIR")).toMatchSnapshot();
  });

  it("a library that is not a PKCS#11 module fails to load", async () => {
    const context = await doctorContext(dir, {
      explicitModule: { path: NOT_PKCS11, source: "env" },
      installedModules: () => [],
    });
    const { report, italian } = await runChecks(context, CHECKS);
    expect(report.checks[0]?.status).toBe("fail");
    expect(report.checks[0]?.evidence.error).toBe("MODULE_LOAD_FAILED");
    expect(italian.replaceAll(NOT_PKCS11, "LIBZ")).toMatchSnapshot();
  });

  it("no token: the module loads but shows none", async () => {
    const emptyConf = join(dir, "empty-softhsm2.conf");
    await writeFile(
      emptyConf,
      `directories.tokendir = ${dir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    process.env.SOFTHSM2_CONF = emptyConf;
    try {
      const context = await doctorContext(dir, {
        explicitModule: { path: pki.modulePath, source: "flag" },
        installedModules: () => [],
      });
      const { report, italian } = await runChecks(context, CHECKS);
      expect(report.checks.map((check) => [check.id, check.status])).toEqual([
        ["pkcs11.module", "ok"],
        ["token.present", "fail"],
      ]);
      expect(italian).toMatchSnapshot();
    } finally {
      process.env.SOFTHSM2_CONF = pki.softhsm2Conf;
    }
  });

  it("signing self-test: signs and verifies with the RSA and the EC token; a wrong PIN is reported once", async () => {
    for (const variant of ["holder-rsa", "holder-ec"]) {
      const context = await doctorContext(dir, {
        ...onlyToken(variant),
        selfTestPin: token(variant).userPin,
      });
      const { report } = await runChecks(context, [pkcs11ModulesCheck, signingSelfTestCheck]);
      expect(
        report.checks.find((check) => check.id === "signing.self-test"),
        variant,
      ).toMatchObject({
        status: "ok",
        evidence: { keyAlgorithm: variant === "holder-ec" ? "EC" : "RSA" },
      });
    }
    // A wrong PIN changes the token (SoftHSM2 sets CKF_USER_PIN_COUNT_LOW): a private copy takes it.
    const clone = await cloneTestPki(pki, join(dir, "wrong-pin"));
    process.env.SOFTHSM2_CONF = clone.softhsm2Conf;
    try {
      const wrong = await doctorContext(dir, { ...onlyToken("holder-rsa"), selfTestPin: "00000000" });
      const { report } = await runChecks(wrong, [pkcs11ModulesCheck, signingSelfTestCheck]);
      expect(report.checks.find((check) => check.id === "signing.self-test")).toMatchObject({
        status: "fail",
        evidence: { error: "PIN_INCORRECT" },
      });
      const after = await runChecks(await doctorContext(dir, onlyToken("holder-rsa")), CHECKS);
      expect(after.report.checks.find((check) => check.id === "token.pin")).toMatchObject({
        status: "warn",
        evidence: { userPinCountLow: true },
      });
    } finally {
      process.env.SOFTHSM2_CONF = pki.softhsm2Conf;
    }
  });

  it("--token narrows the token checks to one of several tokens", async () => {
    const all = await doctorContext(dir, {
      explicitModule: { path: pki.modulePath, source: "flag" },
      installedModules: () => [],
    });
    const many = await runChecks({ ...all, selfTestPin: "12345678" }, [
      pkcs11ModulesCheck,
      tokenChecks,
      signingSelfTestCheck,
    ]);
    expect(many.report.checks.find((check) => check.id === "signing.self-test")?.summary.en).toBe(
      "Several tokens present: choose one with --token.",
    );
    expect(many.report.checks.filter((check) => check.id.startsWith("token.pin#")).length).toBe(
      Object.keys(pki.tokens).length,
    );
    const one = await doctorContext(dir, {
      explicitModule: { path: pki.modulePath, source: "flag" },
      installedModules: () => [],
      tokenSelector: token("expired").label,
    });
    const single = await runChecks(one, [pkcs11ModulesCheck, tokenChecks]);
    expect(single.report.checks.map((check) => check.id)).toEqual([
      "pkcs11.module",
      "token.pin",
      "token.certificates",
      "token.expiry",
      "token.chain",
    ]);
    expect(single.report.checks.find((check) => check.id === "token.expiry")?.status).toBe("fail");
  });

  it("chain to the known CAs: trusted with the test CA list, refused with an unrelated CA", async () => {
    const trusted = await doctorContext(dir, {
      ...onlyToken("holder-rsa"),
      trustedCaPem: [await readFile(pki.ca.bundlePem, "utf8")],
    });
    const ok = await runChecks(trusted, CHECKS);
    expect(ok.report.checks.find((check) => check.id === "token.chain")).toMatchObject({
      status: "ok",
      evidence: { chains: ["authentication: trusted", "signature: trusted"] },
    });
    const otherKey = join(dir, "other-ca.key");
    const otherCa = join(dir, "other-ca.pem");
    await new Promise<void>((resolve, reject) =>
      execFile(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-keyout",
          otherKey,
          "-out",
          otherCa,
          "-subj",
          "/CN=Some Other CA",
          "-days",
          "30",
        ],
        (error) => (error === null ? resolve() : reject(error)),
      ),
    );
    const foreign = await doctorContext(dir, {
      ...onlyToken("holder-rsa"),
      trustedCaPem: [await readFile(otherCa, "utf8")],
    });
    const refused = await runChecks(foreign, CHECKS);
    expect(refused.report.checks.find((check) => check.id === "token.chain")?.status).toBe("fail");
    expect(refused.italian).toContain("non risalgono a una CA nota");
  });

  it("redacted by default: no codice fiscale, name or serial; --no-redact shows them", async () => {
    const holder = token("holder-rsa");
    const redacted = await runChecks(await doctorContext(dir, onlyToken("holder-rsa")), CHECKS, true);
    const json = JSON.stringify(redacted.report);
    for (const secret of [
      holder.holder.codiceFiscale,
      holder.holder.givenName,
      holder.holder.surname,
      holder.serial,
    ]) {
      expect(json).not.toContain(secret);
      expect(redacted.italian).not.toContain(secret);
      expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(redacted.report.redacted).toBe(true);
    const clear = await runChecks(await doctorContext(dir, onlyToken("holder-rsa")), CHECKS, false);
    expect(JSON.stringify(clear.report)).toContain(holder.holder.codiceFiscale);
    expect(JSON.stringify(clear.report)).toContain(holder.serial);
  });
});
