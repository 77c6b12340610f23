import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";

/** `cns-agent sign/verify/extract` as a real process against the test CNS on SoftHSM2. */
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "agent", "bin", "cns-agent");

const errorSchema = z.strictObject({ code: z.string(), message: z.string() });
const signOutputSchema = z.strictObject({
  results: z.array(
    z.strictObject({
      in: z.string(),
      out: z.string(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
      ok: z.boolean(),
      error: errorSchema.optional(),
    }),
  ),
});
const verifyOutputSchema = z.strictObject({
  valid: z.boolean(),
  format: z.enum(["cades", "pades"]),
  signatures: z.array(
    z.strictObject({
      valid: z.boolean(),
      signer: z
        .strictObject({
          codiceFiscale: z.string().nullable(),
          givenName: z.string().nullable(),
          surname: z.string().nullable(),
          issuer: z.string(),
        })
        .nullable(),
      signingTime: z.string().optional(),
      qualified: z.boolean(),
      errors: z.array(errorSchema),
      countersignatureOf: z.number().optional(),
    }),
  ),
});

let manifest: TestPkiManifest;
let workDir: string;
let nssDb: string;
const tokens: Record<string, TestToken> = {};

beforeAll(async () => {
  if (!existsSync(join(root, "agent", "dist", "cli", "main.js"))) {
    throw new Error("agent/dist is missing: run `npx tsc -b shared agent` (npm test builds first)");
  }
  workDir = mkdtempSync(join(tmpdir(), "cns-agent-sign-"));
  manifest = await cloneTestPki(loadTestPki(), join(workDir, "pki"));
  for (const token of Object.values(manifest.tokens)) tokens[token.variant] = token;
  writeFileSync(join(workDir, "lettera.txt"), "Spett.le Camera di Commercio,\n".repeat(300));
  writeFileSync(join(workDir, "allegato.bin"), Buffer.alloc(300_000, 7));
  nssDb = join(workDir, "nss");
  mkdirSync(nssDb);
  execFileSync("certutil", ["-N", "-d", `sql:${nssDb}`, "--empty-password"]);
  execFileSync("certutil", [
    "-A",
    "-d",
    `sql:${nssDb}`,
    "-n",
    "root",
    "-t",
    "CT,C,C",
    "-i",
    manifest.ca.rootPem,
  ]);
  execFileSync("certutil", [
    "-A",
    "-d",
    `sql:${nssDb}`,
    "-n",
    "sig-ca",
    "-t",
    ",,",
    "-i",
    manifest.ca.signatureCaPem,
  ]);
  execFileSync("certutil", [
    "-A",
    "-d",
    `sql:${nssDb}`,
    "-n",
    "cns-ca",
    "-t",
    ",,",
    "-i",
    manifest.ca.cnsCaPem,
  ]);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function token(variant: string): TestToken {
  const found = tokens[variant];
  if (found === undefined) throw new Error(`no ${variant} token in the test PKI`);
  return found;
}

function cnsAgent(args: readonly string[], input = "") {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: workDir,
      SOFTHSM2_CONF: manifest.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(workDir, "no-config.json"),
    },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sign(variant: string, extra: readonly string[]) {
  const t = token(variant);
  return cnsAgent(
    ["sign", "--module", manifest.modulePath, "--token", t.label, "--pin-stdin", "--json", ...extra],
    `${t.userPin}\n`,
  );
}

function opensslVerifies(p7m: string, content?: string): boolean {
  const args = [
    "cms",
    "-verify",
    "-inform",
    "DER",
    "-in",
    p7m,
    "-CAfile",
    manifest.ca.bundlePem,
    "-purpose",
    "any",
    "-out",
    "/dev/null",
  ];
  if (content !== undefined) args.push("-binary", "-content", content);
  return spawnSync("openssl", args).status === 0;
}

function nssVerifies(p7m: string, content?: string): boolean {
  const args = ["-D", "-i", p7m, "-d", `sql:${nssDb}`, "-o", "/dev/null"];
  if (content !== undefined) args.push("-c", content);
  return spawnSync("cmsutil", args).status === 0;
}

describe("cns-agent sign (CAdES) on the test CNS", () => {
  it.each(["holder-rsa", "holder-ec"])(
    "%s: two files, one login, progress per file, attached and detached verify everywhere",
    (variant) => {
      for (const detached of [false, true]) {
        const outDir = join(workDir, `${variant}-${String(detached)}`);
        mkdirSync(outDir);
        const run = sign(variant, [
          "--format",
          "cades",
          ...(detached ? ["--detached"] : []),
          "--in",
          join(workDir, "lettera.txt"),
          join(workDir, "allegato.bin"),
          "--out-dir",
          outDir,
        ]);
        expect(run.status, run.stderr + run.stdout).toBe(0);
        const { results } = signOutputSchema.parse(JSON.parse(run.stdout));
        expect(results.map((r) => r.ok)).toEqual([true, true]);
        expect(run.stderr.match(/^\[\d\/2\]/gm)).toEqual(["[1/2]", "[2/2]"]);
        for (const result of results) {
          expect(result.out.endsWith(detached ? ".p7s" : ".p7m")).toBe(true);
          const content = detached ? result.in : undefined;
          expect(opensslVerifies(result.out, content), `openssl ${result.out}`).toBe(true);
          expect(nssVerifies(result.out, content), `cmsutil ${result.out}`).toBe(true);
          const expectedSha = execFileSync("sha256sum", [result.in], { encoding: "utf8" }).split(" ")[0];
          expect(result.sha256).toBe(expectedSha);
        }
      }
    },
  );

  it("verify --json reports the holder from the signature certificate; extract gives the document back", () => {
    const t = token("holder-rsa");
    const out = join(workDir, "verify-me.p7m");
    expect(
      sign("holder-rsa", ["--format", "cades", "--in", join(workDir, "lettera.txt"), "--out", out]).status,
    ).toBe(0);
    const run = cnsAgent(["verify", "--in", out, "--trust", manifest.ca.bundlePem, "--json"]);
    expect(run.status, run.stdout).toBe(0);
    const report = verifyOutputSchema.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ valid: true, format: "cades" });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      valid: true,
      qualified: true,
      errors: [],
      signer: {
        codiceFiscale: t.holder.codiceFiscale,
        givenName: t.holder.givenName,
        surname: t.holder.surname,
      },
    });
    expect(Date.now() - Date.parse(report.signatures[0]?.signingTime ?? "")).toBeLessThan(10 * 60_000);

    const extracted = join(workDir, "extracted.txt");
    expect(cnsAgent(["extract", "--in", out, "--out", extracted]).status).toBe(0);
    expect(readFileSync(extracted, "utf8")).toBe(readFileSync(join(workDir, "lettera.txt"), "utf8"));
  });

  it("verify --content checks a detached .p7s; extract refuses it with a coded error", () => {
    const out = join(workDir, "detached.p7s");
    const document = join(workDir, "lettera.txt");
    expect(
      sign("holder-ec", ["--format", "cades", "--detached", "--in", document, "--out", out]).status,
    ).toBe(0);
    const ok = cnsAgent([
      "verify",
      "--in",
      out,
      "--content",
      document,
      "--trust",
      manifest.ca.bundlePem,
      "--json",
    ]);
    expect(ok.status, ok.stdout).toBe(0);
    expect(verifyOutputSchema.parse(JSON.parse(ok.stdout)).valid).toBe(true);
    const wrong = cnsAgent([
      "verify",
      "--in",
      out,
      "--content",
      join(workDir, "allegato.bin"),
      "--trust",
      manifest.ca.bundlePem,
      "--json",
    ]);
    expect(wrong.status).toBe(1);
    expect(
      verifyOutputSchema.parse(JSON.parse(wrong.stdout)).signatures[0]?.errors.map((e) => e.code),
    ).toEqual(["SIG_DIGEST_MISMATCH"]);
    const missing = cnsAgent(["verify", "--in", out, "--trust", manifest.ca.bundlePem, "--json"]);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "CMS_CONTENT_MISSING" } });
    const extract = cnsAgent(["extract", "--in", out, "--out", join(workDir, "nothing.txt"), "--json"]);
    expect(extract.status).toBe(2);
    expect(JSON.parse(extract.stdout)).toMatchObject({ error: { code: "CMS_CONTENT_MISSING" } });
    expect(existsSync(join(workDir, "nothing.txt"))).toBe(false);
  });

  it("verify exits 1 with a coded error on a tampered file, and on an untrusted CA", () => {
    const out = join(workDir, "tamper.p7m");
    expect(
      sign("holder-rsa", ["--format", "cades", "--in", join(workDir, "lettera.txt"), "--out", out]).status,
    ).toBe(0);
    const bytes = readFileSync(out);
    const at = bytes.indexOf("Spett.le");
    bytes[at] = (bytes[at] ?? 0) ^ 1;
    writeFileSync(join(workDir, "tampered.p7m"), bytes);
    const run = cnsAgent([
      "verify",
      "--in",
      join(workDir, "tampered.p7m"),
      "--trust",
      manifest.ca.bundlePem,
      "--json",
    ]);
    expect(run.status).toBe(1);
    const report = verifyOutputSchema.parse(JSON.parse(run.stdout));
    expect(report.valid).toBe(false);
    expect(report.signatures[0]?.errors.map((e) => e.code)).toEqual(["SIG_DIGEST_MISMATCH"]);

    const selfTrust = join(workDir, "other-root.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(workDir, "other.key"),
        "-out",
        selfTrust,
        "-subj",
        "/CN=TEST other root",
        "-days",
        "2",
      ],
      { stdio: "ignore" },
    );
    const untrusted = cnsAgent(["verify", "--in", out, "--trust", selfTrust, "--json"]);
    expect(untrusted.status).toBe(1);
    expect(
      verifyOutputSchema.parse(JSON.parse(untrusted.stdout)).signatures[0]?.errors.map((e) => e.code),
    ).toEqual(["SIG_CHAIN_UNTRUSTED"]);
  });

  it("--add-signature and --countersign keep earlier signatures valid", () => {
    const first = join(workDir, "chain-1.p7m");
    const second = join(workDir, "chain-2.p7m");
    const third = join(workDir, "chain-3.p7m");
    expect(
      sign("holder-rsa", ["--format", "cades", "--in", join(workDir, "lettera.txt"), "--out", first]).status,
    ).toBe(0);
    expect(
      sign("second-holder", ["--format", "cades", "--add-signature", "--in", first, "--out", second]).status,
    ).toBe(0);
    expect(
      sign("holder-ec", ["--format", "cades", "--countersign", "1", "--in", second, "--out", third]).status,
    ).toBe(0);
    const run = cnsAgent(["verify", "--in", third, "--trust", manifest.ca.bundlePem, "--json"]);
    expect(run.status, run.stdout).toBe(0);
    const report = verifyOutputSchema.parse(JSON.parse(run.stdout));
    expect(report.signatures.map((s) => [s.signer?.codiceFiscale, s.valid, s.countersignatureOf])).toEqual([
      [token("holder-rsa").holder.codiceFiscale, true, undefined],
      [token("holder-ec").holder.codiceFiscale, true, 0],
      [token("second-holder").holder.codiceFiscale, true, undefined],
    ]);
    expect(opensslVerifies(third)).toBe(true);
    expect(nssVerifies(third)).toBe(true);
  });

  it("uses the authentication certificate only when asked with --cert authentication", () => {
    const t = token("holder-rsa");
    const out = join(workDir, "auth.p7m");
    expect(
      sign("holder-rsa", [
        "--format",
        "cades",
        "--cert",
        "authentication",
        "--in",
        join(workDir, "lettera.txt"),
        "--out",
        out,
      ]).status,
    ).toBe(0);
    const signerPem = join(workDir, "auth-signer.pem");
    execFileSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-inform",
        "DER",
        "-in",
        out,
        "-CAfile",
        manifest.ca.bundlePem,
        "-purpose",
        "any",
        "-signer",
        signerPem,
        "-out",
        "/dev/null",
      ],
      { stdio: "ignore" },
    );
    const der = (pem: string) => execFileSync("openssl", ["x509", "-in", pem, "-outform", "DER"]);
    expect(der(signerPem).equals(der(t.certificates.authentication?.pemPath ?? ""))).toBe(true);
    const normal = join(workDir, "normal.p7m");
    expect(
      sign("holder-rsa", ["--format", "cades", "--in", join(workDir, "lettera.txt"), "--out", normal]).status,
    ).toBe(0);
    execFileSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-inform",
        "DER",
        "-in",
        normal,
        "-CAfile",
        manifest.ca.bundlePem,
        "-purpose",
        "any",
        "-signer",
        signerPem,
        "-out",
        "/dev/null",
      ],
      { stdio: "ignore" },
    );
    expect(der(signerPem).equals(der(t.certificates.signature?.pemPath ?? ""))).toBe(true);
  });

  it("refuses an RSA-1024 (old generation) or expired certificate before signing anything", () => {
    for (const [variant, code] of [
      ["old-generation", "SIG_KEY_TOO_WEAK"],
      ["expired", "SIGN_CERTIFICATE_NOT_VALID"],
    ] as const) {
      const out = join(workDir, `${variant}.p7m`);
      const run = sign(variant, ["--format", "cades", "--in", join(workDir, "lettera.txt"), "--out", out]);
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code } });
      expect(existsSync(out)).toBe(false);
    }
  });

  it("a wrong PIN is a token error (exit 3) and writes nothing", () => {
    const t = token("holder-rsa");
    const out = join(workDir, "wrong-pin.p7m");
    const run = cnsAgent(
      [
        "sign",
        "--module",
        manifest.modulePath,
        "--token",
        t.label,
        "--pin-stdin",
        "--json",
        "--format",
        "cades",
        "--in",
        join(workDir, "lettera.txt"),
        "--out",
        out,
      ],
      "000000\n",
    );
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "PIN_INCORRECT" } });
    expect(existsSync(out)).toBe(false);
  });

  it("bad usage is exit 2 with a coded error", () => {
    for (const args of [
      ["sign", "--format", "xml", "--in", "a", "--out", "b", "--pin-stdin", "--json"],
      ["sign", "--format", "cades", "--in", "a", "b", "--out", "c", "--pin-stdin", "--json"],
      ["verify", "--in", join(workDir, "lettera.txt"), "--json"],
    ]) {
      const run = cnsAgent(args, "1234\n");
      expect(run.status, args.join(" ")).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "BAD_USAGE" } });
    }
  });
});
