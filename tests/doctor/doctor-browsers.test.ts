import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserFirefoxCheck } from "../../agent/src/doctor/checks/browser-firefox.js";
import { browserNssdbCheck } from "../../agent/src/doctor/checks/browser-nssdb.js";
import { ensureTestPki, type TestPkiManifest } from "../pki/index.js";
import { doctorContext, runChecks } from "./doctor-context-for-tests.js";

function tool(program: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, [...args], { env, timeout: 20_000 }, (error, _stdout, stderr) =>
      error === null ? resolve() : reject(new Error(`${program} ${args.join(" ")}: ${stderr}`)),
    );
  });
}

describe("doctor: browsers' PKCS#11 registration", () => {
  let home: string;
  let pki: TestPkiManifest;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "doctor-browsers-"));
    pki = await ensureTestPki();
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const context = () =>
    doctorContext(home, {
      explicitModule: { path: pki.modulePath, source: "flag" },
      installedModules: () => [],
      env: { SOFTHSM2_CONF: pki.softhsm2Conf },
    });

  it("no Firefox profile and no Chrome NSS db: skipped", async () => {
    const { report } = await runChecks(await context(), [browserFirefoxCheck, browserNssdbCheck]);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["browsers.firefox", "skip"],
      ["browsers.chrome-nssdb", "skip"],
    ]);
  });

  it("Firefox profiles: the one without the module gets the remedy, the one with it is ok", async () => {
    const root = join(home, ".mozilla", "firefox");
    await mkdir(join(root, "aaaa.default-esr"), { recursive: true });
    await mkdir(join(root, "bbbb.lavoro"), { recursive: true });
    await writeFile(
      join(root, "profiles.ini"),
      "[Profile0]\nName=default-esr\nIsRelative=1\nPath=aaaa.default-esr\n\n[Profile1]\nName=lavoro\nIsRelative=1\nPath=bbbb.lavoro\n",
    );
    await writeFile(
      join(root, "aaaa.default-esr", "pkcs11.txt"),
      "library=\nname=NSS Internal PKCS #11 Module\n",
    );
    await writeFile(
      join(root, "bbbb.lavoro", "pkcs11.txt"),
      `library=\nname=NSS Internal PKCS #11 Module\n\nlibrary=${pki.modulePath}\nname=CNS\n`,
    );
    const { report, italian } = await runChecks(await context(), [browserFirefoxCheck]);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["browsers.firefox#1", "warn"],
      ["browsers.firefox#2", "ok"],
    ]);
    expect(report.checks[0]?.remedy?.it).toContain("Dispositivi di sicurezza");
    expect(report.checks[0]?.remedy?.it).toContain(`-libfile ${pki.modulePath}`);
    expect(italian).toMatchSnapshot();
  });

  it("Chrome NSS db: registration read with modutil -list, before and after modutil -add", async () => {
    const db = join(home, ".pki", "nssdb");
    await mkdir(db, { recursive: true });
    const env = { PATH: process.env.PATH, SOFTHSM2_CONF: pki.softhsm2Conf };
    await tool("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"], env);
    const before = await runChecks(await context(), [browserNssdbCheck]);
    expect(before.report.checks[0]?.status).toBe("warn");
    expect(before.report.checks[0]?.remedy?.it).toBe(
      `A browser chiuso: modutil -dbdir sql:~/.pki/nssdb -add CNS -libfile ${pki.modulePath}`,
    );
    await tool("modutil", ["-dbdir", `sql:${db}`, "-add", "CNS", "-libfile", pki.modulePath, "-force"], env);
    const after = await runChecks(await context(), [browserNssdbCheck]);
    expect(after.report.checks[0]).toMatchObject({ status: "ok" });
    expect(after.report.checks[0]?.evidence.registered).toEqual([`CNS: ${pki.modulePath} (loaded)`]);
  });
});
