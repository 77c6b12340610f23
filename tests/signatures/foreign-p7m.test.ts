import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTrustList } from "@cns-bridge/shared";
import { extractContent, signCadesFile, verifySignedFile } from "@cns-bridge/agent/signing/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSoftwarePki, type SoftwarePki, toPem } from "../support/software-pki.js";

const run = promisify(execFile);
const DOCUMENT = "Fattura 2026/001\n".repeat(5000);

let dir: string;
let pki: SoftwarePki;

/** A .p7m made by OpenSSL (not by us) with the same test keys. */
async function opensslSign(variant: "rsa" | "ec", name: string, extra: readonly string[]): Promise<string> {
  const signer = pki.signers[variant];
  await writeFile(join(dir, `${variant}.key`), signer.privateKeyPem(), { mode: 0o600 });
  await writeFile(join(dir, `${variant}.crt`), toPem(signer.certificate));
  const out = join(dir, name);
  await run("openssl", [
    "cms",
    "-sign",
    "-cades",
    "-binary",
    "-nodetach",
    "-md",
    "sha256",
    "-in",
    join(dir, "document.txt"),
    "-signer",
    join(dir, `${variant}.crt`),
    "-inkey",
    join(dir, `${variant}.key`),
    "-certfile",
    join(dir, "intermediate.pem"),
    "-out",
    out,
    ...extra,
  ]);
  return out;
}

async function verify(input: string) {
  return verifySignedFile({ input, trustList: createTrustList([pki.trustPem]), language: "it" });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "foreign-p7m-"));
  pki = await loadSoftwarePki();
  await writeFile(join(dir, "document.txt"), DOCUMENT);
  await writeFile(join(dir, "intermediate.pem"), toPem(pki.intermediate));
  await writeFile(join(dir, "ca.pem"), pki.caBundlePem);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(".p7m files made by other software", () => {
  it("indefinite-length BER with chunked content (openssl -stream): verified, extracted, signed again", async () => {
    const p7m = await opensslSign("rsa", "ber.p7m", ["-stream", "-outform", "DER"]);
    const head = await readFile(p7m);
    expect([head[0], head[1]]).toEqual([0x30, 0x80]);
    const report = await verify(p7m);
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(report.valid).toBe(true);

    await extractContent(p7m, join(dir, "ber.out"));
    expect(await readFile(join(dir, "ber.out"), "utf8")).toBe(DOCUMENT);

    await signCadesFile({
      input: p7m,
      output: join(dir, "ber-twice.p7m"),
      signer: pki.signers.ec,
      mode: { kind: "parallel" },
    });
    const twice = await verify(join(dir, "ber-twice.p7m"));
    expect(twice.signatures.map((s) => s.valid)).toEqual([true, true]);
    await run("openssl", [
      "cms",
      "-verify",
      "-inform",
      "DER",
      "-in",
      join(dir, "ber-twice.p7m"),
      "-CAfile",
      join(dir, "ca.pem"),
      "-purpose",
      "any",
      "-out",
      "/dev/null",
    ]);
  });

  it.each(["rsa", "ec"] as const)("PEM and bare Base64 .p7m (%s) are read like DER", async (variant) => {
    const pem = await opensslSign(variant, `${variant}.pem.p7m`, ["-outform", "PEM"]);
    expect((await readFile(pem, "latin1")).startsWith("-----BEGIN")).toBe(true);
    expect((await verify(pem)).valid).toBe(true);
    const bare = (await readFile(pem, "latin1")).replace(/-----[A-Z0-9 ]+-----/g, "");
    await writeFile(join(dir, `${variant}.b64.p7m`), bare);
    expect((await verify(join(dir, `${variant}.b64.p7m`))).valid).toBe(true);
    await extractContent(join(dir, `${variant}.b64.p7m`), join(dir, `${variant}.b64.out`));
    expect(await readFile(join(dir, `${variant}.b64.out`), "utf8")).toBe(DOCUMENT);
  });

  it("a signer identified by subjectKeyIdentifier (openssl -keyid, SignerInfo v3) is found and verified", async () => {
    const p7m = await opensslSign("ec", "keyid.p7m", ["-keyid", "-outform", "DER"]);
    const report = await verify(p7m);
    expect(report.signatures[0]?.errors).toEqual([]);
    expect(report.valid).toBe(true);
    await signCadesFile({
      input: p7m,
      output: join(dir, "keyid-twice.p7m"),
      signer: pki.signers.rsa,
      mode: { kind: "countersign", signerIndex: 0 },
    });
    expect((await verify(join(dir, "keyid-twice.p7m"))).signatures.map((s) => s.valid)).toEqual([true, true]);
  });

  it("an openssl signature without signing-certificate-v2 is reported with its code", async () => {
    const signer = pki.signers.rsa;
    await writeFile(join(dir, "plain.key"), signer.privateKeyPem(), { mode: 0o600 });
    await writeFile(join(dir, "plain.crt"), toPem(signer.certificate));
    await run("openssl", [
      "cms",
      "-sign",
      "-binary",
      "-nodetach",
      "-md",
      "sha256",
      "-in",
      join(dir, "document.txt"),
      "-signer",
      join(dir, "plain.crt"),
      "-inkey",
      join(dir, "plain.key"),
      "-certfile",
      join(dir, "intermediate.pem"),
      "-outform",
      "DER",
      "-out",
      join(dir, "plain.p7m"),
    ]);
    const report = await verify(join(dir, "plain.p7m"));
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.errors.map((e) => e.code)).toEqual(["SIG_SIGNING_CERT_V2_MISSING"]);
  });
});
