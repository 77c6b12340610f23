import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cloneTestPki, loadTestPki, softhsmEnv } from "./index.js";
import { makeTestPki, readSpecs } from "./make-test-pki.js";
import { SoftHsmToken } from "./softhsm.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pki-maker-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the test PKI maker", () => {
  it("reads every spec, with a hash that covers them", async () => {
    const specs = await readSpecs();
    expect(specs.cas.map((ca) => ca.name).sort()).toEqual(["cnsCa", "root", "signatureCa"]);
    expect(specs.profiles.map((profile) => profile.usage).sort()).toEqual(["authentication", "signature"]);
    expect(specs.tokens.length).toBeGreaterThanOrEqual(6);
    expect(specs.hash).toBe(loadTestPki().specHash);
  });

  it("leaves nothing behind when a build fails half way", async () => {
    const specs = await readSpecs();
    const onlyRoot = { ...specs, cas: specs.cas.filter((ca) => ca.name === "root") };
    await expect(makeTestPki(join(dir, "pki"), onlyRoot)).rejects.toThrow(/no signatureCa/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("never puts a PIN in the error of a failed token command", async () => {
    const manifest = loadTestPki();
    const clone = await cloneTestPki(manifest, dir);
    const holder = manifest.tokens["holder-rsa"];
    if (holder === undefined) throw new Error("no holder-rsa token");
    const wrongPin = "97531864";
    const token = new SoftHsmToken(softhsmEnv(clone), manifest.modulePath, holder.label, wrongPin);
    const failure = token.writeCertificate("09", "x", holder.certificates.signature?.derPath ?? "");
    await expect(failure).rejects.toThrow(/CKR_PIN_INCORRECT/);
    await expect(failure).rejects.not.toThrow(wrongPin);
    expect(existsSync(join(dir, "tokens"))).toBe(true);
  });
});
