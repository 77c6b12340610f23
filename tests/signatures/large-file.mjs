#!/usr/bin/env node
// Signs, verifies and extracts a large file as attached CAdES and reports the peak RSS, to show
// memory does not grow with the file. Not part of `npm test` at 1 GiB (it takes a while):
//   npm run build && node tests/signatures/large-file.mjs 1024
// `npm test` runs it at 64 MiB (tests/signatures/large-file.test.ts). Prints one JSON line.
import { execFileSync } from "node:child_process";
import { constants, createPrivateKey, privateEncrypt } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrustList } from "@cns-bridge/shared";
import { extractContent, signCadesFile, verifySignedFile } from "@cns-bridge/agent/signing/index";

const sizeMiB = Number(process.argv[2] ?? "1024");
if (!Number.isInteger(sizeMiB) || sizeMiB <= 0) throw new Error("usage: large-file.mjs SIZE_MIB");
const dir = mkdtempSync(join(tmpdir(), "cades-large-"));
const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

try {
  // A throwaway self-signed RSA-2048 key: enough to measure memory, nothing to trust.
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
      join(dir, "cert.pem"),
      "-subj",
      "/C=IT/O=TEST cns-bridge/CN=TEST large file",
      "-days",
      "2",
      "-outform",
      "PEM",
    ],
    { stdio: "ignore" },
  );
  execFileSync("openssl", [
    "x509",
    "-in",
    join(dir, "cert.pem"),
    "-outform",
    "DER",
    "-out",
    join(dir, "cert.der"),
  ]);
  const key = createPrivateKey(readFileSync(join(dir, "key.pem")));
  const prefixes = { "SHA-256": "3031300d060960864801650304020105000420" };
  const signer = {
    certificate: new Uint8Array(readFileSync(join(dir, "cert.der"))),
    chain: [],
    keyAlgorithm: "RSA",
    sign: async (digest, algorithm) =>
      new Uint8Array(
        privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([Buffer.from(prefixes[algorithm], "hex"), digest]),
        ),
      ),
  };

  const input = join(dir, "document.bin");
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(input, "w");
  for (let i = 0; i < sizeMiB; i += 1) {
    chunk.fill(i % 251);
    chunk.writeUInt32BE(i, 0);
    writeSync(fd, chunk);
  }
  closeSync(fd);

  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const signed = await signCadesFile({
    input,
    output: join(dir, "document.bin.p7m"),
    signer,
    mode: { kind: "new", detached: false },
  });
  const signMs = Date.now() - started;
  const report = await verifySignedFile({
    input: join(dir, "document.bin.p7m"),
    trustList: createTrustList([readFileSync(join(dir, "cert.pem"), "latin1")]),
    language: "en",
  });
  const extracted = await extractContent(join(dir, "document.bin.p7m"), join(dir, "extracted.bin"));
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const errors = report.signatures.flatMap((s) => s.errors.map((e) => e.code));
  process.stdout.write(
    `${JSON.stringify({
      sizeMiB,
      p7mMiB: mib(statSync(join(dir, "document.bin.p7m")).size),
      signSeconds: signMs / 1000,
      sha256: signed.sha256,
      extractedSize: extracted.size,
      verifyErrors: errors,
      rssBeforeMiB: mib(rssBefore),
      peakRssMiB: mib(peakRss),
      growthMiB: mib(peakRss - rssBefore),
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
