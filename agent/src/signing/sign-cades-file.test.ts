import { execFileSync } from "node:child_process";
import { constants, createPrivateKey, privateEncrypt, randomBytes, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Signer } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCadesFile } from "./sign-cades-file.js";

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

let dir: string;
let key: KeyObject;
let signer: Signer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sign-cades-file-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.der"),
    ].concat(["-outform", "DER", "-subj", "/C=IT/O=TEST cns-bridge/CN=TEST one pass", "-days", "2"]),
    { stdio: "ignore" },
  );
  key = createPrivateKey(readFileSync(join(dir, "key.pem")));
  signer = {
    certificate: new Uint8Array(readFileSync(join(dir, "cert.der"))),
    chain: [],
    keyAlgorithm: "RSA",
    sign: async (digest) =>
      new Uint8Array(
        privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, digest]),
        ),
      ),
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** openssl checks the signature and the content digest, and gives the content back. */
function opensslContent(p7m: string): Buffer {
  const out = join(dir, "content.out");
  execFileSync(
    "openssl",
    ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", p7m, "-out", out],
    {
      stdio: "ignore",
    },
  );
  return readFileSync(out);
}

describe("attached CAdES written in one pass", () => {
  it("is valid DER that openssl verifies, for sizes on both sides of a DER length-field boundary", async () => {
    // Around 64 KiB the outer lengths need one more byte: the room left for the prefix before the
    // signature exists is then sometimes wrong, and the content must be moved to its real place.
    const sizes = [0, 1, 127, 128, 255, 256, 65_000];
    for (let size = 62_000; size <= 65_600; size += 64) sizes.push(size);
    for (const size of sizes) {
      const content = randomBytes(size);
      const input = join(dir, "in.bin");
      const output = join(dir, "out.p7m");
      writeFileSync(input, content);
      const result = await signCadesFile({ input, output, signer, mode: { kind: "new", detached: false } });
      expect(opensslContent(output).equals(content), `size ${size}`).toBe(true);
      expect(result.sha256).toBe(
        (await import("node:crypto")).createHash("sha256").update(content).digest("hex"),
      );
    }
  }, 60_000);
});
