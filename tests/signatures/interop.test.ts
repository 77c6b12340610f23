import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { signCadesFile } from "@cns-bridge/agent/signing/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSoftwarePki, type SoftwarePki, toPem } from "../support/software-pki.js";

const run = promisify(execFile);

let dir: string;
let pki: SoftwarePki;
let nssDb: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cades-interop-"));
  pki = await loadSoftwarePki();
  await writeFile(join(dir, "ca.pem"), pki.caBundlePem);
  await writeFile(join(dir, "root.pem"), toPem(pki.root));
  await writeFile(join(dir, "intermediate.pem"), toPem(pki.intermediate));
  await writeFile(join(dir, "document.txt"), "Atto costitutivo\n".repeat(1000));
  nssDb = join(dir, "nss");
  await run("mkdir", ["-p", nssDb]);
  await run("certutil", ["-N", "-d", `sql:${nssDb}`, "--empty-password"]);
  await run("certutil", [
    "-A",
    "-d",
    `sql:${nssDb}`,
    "-n",
    "test-root",
    "-t",
    "CT,C,C",
    "-i",
    join(dir, "root.pem"),
  ]);
  await run("certutil", [
    "-A",
    "-d",
    `sql:${nssDb}`,
    "-n",
    "test-ca",
    "-t",
    ",,",
    "-i",
    join(dir, "intermediate.pem"),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(["rsa", "ec"] as const)(
  "CAdES made by cns-bridge (%s) verifies with independent validators",
  (variant) => {
    it.each([false, true])("detached=%s: openssl cms -verify and NSS cmsutil -D", async (detached) => {
      const output = join(dir, `${variant}-${String(detached)}.p7m`);
      await signCadesFile({
        input: join(dir, "document.txt"),
        output,
        signer: pki.signers[variant],
        mode: { kind: "new", detached },
      });
      const opensslArgs = [
        "cms",
        "-verify",
        "-inform",
        "DER",
        "-in",
        output,
        "-CAfile",
        join(dir, "ca.pem"),
        "-purpose",
        "any",
      ];
      if (detached) opensslArgs.push("-binary", "-content", join(dir, "document.txt"));
      opensslArgs.push("-out", join(dir, `${variant}-${String(detached)}.out`));
      const openssl = await run("openssl", opensslArgs);
      expect(openssl.stderr).toContain("Verification successful");
      expect(await readFile(join(dir, `${variant}-${String(detached)}.out`), "utf8")).toBe(
        "Atto costitutivo\n".repeat(1000),
      );

      const nssArgs = ["-D", "-i", output, "-d", `sql:${nssDb}`, "-o", join(dir, "nss.out")];
      if (detached) nssArgs.push("-c", join(dir, "document.txt"));
      await run("cmsutil", nssArgs);
      expect(await readFile(join(dir, "nss.out"), "utf8")).toBe("Atto costitutivo\n".repeat(1000));
    });
  },
);

async function validators(p7m: string): Promise<{ openssl: boolean; nss: boolean }> {
  const openssl = await run("openssl", [
    "cms",
    "-verify",
    "-inform",
    "DER",
    "-in",
    p7m,
    "-CAfile",
    join(dir, "ca.pem"),
    "-purpose",
    "any",
    "-out",
    "/dev/null",
  ]).then(
    () => true,
    () => false,
  );
  const nss = await run("cmsutil", ["-D", "-i", p7m, "-d", `sql:${nssDb}`, "-o", "/dev/null"]).then(
    () => true,
    () => false,
  );
  return { openssl, nss };
}

describe.each(["rsa", "ec"] as const)("SHA-384 and SHA-512 (%s)", (variant) => {
  it.each(["SHA-384", "SHA-512"] as const)(
    "%s verifies with openssl and cmsutil",
    async (digestAlgorithm) => {
      const output = join(dir, `${variant}-${digestAlgorithm}.p7m`);
      await signCadesFile({
        input: join(dir, "document.txt"),
        output,
        signer: pki.signers[variant],
        mode: { kind: "new", detached: false },
        digestAlgorithm,
      });
      expect(await validators(output)).toEqual({ openssl: true, nss: true });
    },
  );
});

describe("signatures added to an existing .p7m", () => {
  it("a parallel signature and a countersignature leave a file both validators accept", async () => {
    const first = join(dir, "first.p7m");
    const second = join(dir, "second.p7m");
    const third = join(dir, "third.p7m");
    await signCadesFile({
      input: join(dir, "document.txt"),
      output: first,
      signer: pki.signers.rsa,
      mode: { kind: "new", detached: false },
    });
    await signCadesFile({ input: first, output: second, signer: pki.signers.ec, mode: { kind: "parallel" } });
    await signCadesFile({
      input: second,
      output: third,
      signer: pki.signers.secondHolder,
      mode: { kind: "countersign", signerIndex: 0 },
    });
    expect(await validators(second)).toEqual({ openssl: true, nss: true });
    expect(await validators(third)).toEqual({ openssl: true, nss: true });
  });

  it("the validators do refuse a signature from an untrusted CA (the checks can fail)", async () => {
    const output = join(dir, "untrusted.p7m");
    await signCadesFile({
      input: join(dir, "document.txt"),
      output,
      signer: pki.untrustedSigner,
      mode: { kind: "new", detached: false },
    });
    expect(await validators(output)).toEqual({ openssl: false, nss: false });
  });
});
