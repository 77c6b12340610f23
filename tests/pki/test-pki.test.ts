import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { isValidCodiceFiscale, parseCnsCertificate } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { cloneTestPki, ensureTestPki, loadTestPki, softhsmEnv } from "./index.js";

const run = promisify(execFile);
const manifest = loadTestPki();
const env = softhsmEnv(manifest);
const tokens = Object.values(manifest.tokens);
const valid = tokens.filter((token) => token.variant !== "expired");

async function pkcs11Tool(label: string, args: readonly string[]) {
  return run("pkcs11-tool", ["--module", manifest.modulePath, "--token-label", label, ...args], { env });
}

describe("test PKI", () => {
  it("has every variant the tests rely on, for holders with valid codici fiscali", () => {
    expect(Object.keys(manifest.tokens).sort()).toEqual([
      "expired",
      "holder-ec",
      "holder-rsa",
      "old-generation",
      "renewal-window",
      "second-holder",
    ]);
    for (const token of tokens)
      expect(isValidCodiceFiscale(token.holder.codiceFiscale), token.variant).toBe(true);
  });

  it("is reused, not rebuilt, when nothing changed", async () => {
    const started = Date.now();
    const again = await ensureTestPki();
    expect(again.specHash).toBe(manifest.specHash);
    expect(again.tokens["holder-rsa"]?.serial).toBe(manifest.tokens["holder-rsa"]?.serial);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each(tokens)(
    "token $variant holds two private keys and two certificates paired by CKA_ID",
    async (token) => {
      const { stdout } = await pkcs11Tool(token.label, ["--login", "--pin", token.userPin, "--list-objects"]);
      const privateKeys = stdout.split("Private Key Object").length - 1;
      const certificates = stdout.split("Certificate Object").length - 1;
      expect(privateKeys).toBe(2);
      expect(certificates).toBe(2);
      expect(stdout.match(/ID:\s+01/g)?.length).toBeGreaterThanOrEqual(2);
      expect(stdout.match(/ID:\s+02/g)?.length).toBeGreaterThanOrEqual(2);
    },
  );

  it.each(valid)("openssl accepts the certificates of $variant against the CA bundle", async (token) => {
    for (const certificate of Object.values(token.certificates)) {
      const { stdout } = await run("openssl", [
        "verify",
        "-CAfile",
        manifest.ca.bundlePem,
        certificate.pemPath,
      ]);
      expect(stdout).toContain(": OK");
    }
  });

  it.each(["authentication", "signature"] as const)(
    "openssl refuses the expired variant's %s certificate as expired",
    async (usage) => {
      const expired = manifest.tokens.expired?.certificates[usage]?.pemPath ?? "";
      const result = await run("openssl", ["verify", "-CAfile", manifest.ca.bundlePem, expired]).catch(
        (error: { stdout: string; stderr: string }) => error,
      );
      expect(`${result.stdout}${result.stderr}`).toMatch(/certificate has expired/);
    },
  );

  it("is announced to the test workers by the global setup", () => {
    // Set in vitest's main process before the workers fork: proves they inherit its environment.
    expect(process.env.CNS_BRIDGE_TEST_SOFTHSM2_CONF).toBe(manifest.softhsm2Conf);
  });

  it("shapes the certificates like a CNS (openssl's reading)", async () => {
    const token = manifest.tokens["holder-rsa"];
    const signature = await run("openssl", [
      "x509",
      "-noout",
      "-text",
      "-in",
      token?.certificates.signature?.pemPath ?? "",
    ]);
    expect(signature.stdout).toContain(`serialNumber = TINIT-${token?.holder.codiceFiscale}`);
    expect(signature.stdout).toMatch(/Non Repudiation/);
    expect(signature.stdout).toContain("0.4.0.194112.1.2");
    expect(signature.stdout).toMatch(/qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
    const authentication = await run("openssl", [
      "x509",
      "-noout",
      "-text",
      "-in",
      token?.certificates.authentication?.pemPath ?? "",
    ]);
    expect(authentication.stdout).toContain(`CN = ${token?.holder.codiceFiscale}/`);
    expect(authentication.stdout).toContain("TLS Web Client Authentication");
    expect(authentication.stdout).toContain("1.3.76.16.2.1");
    const old = manifest.tokens["old-generation"];
    const oldView = await parseCnsCertificate(await readFile(old?.certificates.signature?.derPath ?? ""));
    expect(oldView.holder.codiceFiscaleSource).toBeTruthy();
    expect(oldView.keyAlgorithm.size).toBe(1024);
  });

  it.each(["holder-rsa", "holder-ec"])(
    "%s signs on the token with the key its certificate names",
    async (variant) => {
      const token = manifest.tokens[variant];
      if (token === undefined) throw new Error(variant);
      const dir = await mkdtemp(join(tmpdir(), "test-pki-sign-"));
      try {
        await writeFile(join(dir, "data"), "documento da firmare");
        // SoftHSM2 has no combined ECDSA-SHA256: EC signs a digest made here, as cns-bridge does.
        const ec = token.keyAlgorithm === "EC";
        if (ec)
          await run("openssl", [
            "dgst",
            "-sha256",
            "-binary",
            "-out",
            join(dir, "digest"),
            join(dir, "data"),
          ]);
        await pkcs11Tool(token.label, [
          "--login",
          "--pin",
          token.userPin,
          "--sign",
          "--id",
          "02",
          "-m",
          ec ? "ECDSA" : "SHA256-RSA-PKCS",
          ...(ec ? ["--signature-format", "openssl"] : []),
          "--input-file",
          join(dir, ec ? "digest" : "data"),
          "--output-file",
          join(dir, "sig"),
        ]);
        await run("openssl", [
          "x509",
          "-pubkey",
          "-noout",
          "-in",
          token.certificates.signature?.pemPath ?? "",
          "-out",
          join(dir, "pub.pem"),
        ]);
        const { stdout } = await run("openssl", [
          "dgst",
          "-sha256",
          "-verify",
          join(dir, "pub.pem"),
          "-signature",
          join(dir, "sig"),
          join(dir, "data"),
        ]);
        expect(stdout).toContain("Verified OK");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it("clones the tokens for destructive tests without touching the shared state", async () => {
    const dir = await mkdtemp(join(tmpdir(), "test-pki-clone-"));
    try {
      const clone = await cloneTestPki(manifest, dir);
      expect(clone.softhsm2Conf).not.toBe(manifest.softhsm2Conf);
      const { stdout } = await run("softhsm2-util", ["--show-slots"], { env: softhsmEnv(clone) });
      expect(stdout).toContain("CNS TEST ROSSI");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
