import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { Pdfsig } from "../pades/support/pdfsig.js";
import { makeTestPdf } from "../pades/support/test-pdfs.js";

/** `cns-agent sign --format pades` and `verify` on a PDF, as a real process on the test CNS. */
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "agent", "bin", "cns-agent");

let manifest: TestPkiManifest;
let workDir: string;
let pdfsig: Pdfsig;

beforeAll(async () => {
  if (!existsSync(join(root, "agent", "dist", "cli", "main.js"))) {
    throw new Error("agent/dist is missing: run `npx tsc -b shared agent` (npm test builds first)");
  }
  workDir = mkdtempSync(join(tmpdir(), "cns-agent-pades-"));
  manifest = await cloneTestPki(loadTestPki(), join(workDir, "pki"));
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText("Istanza di iscrizione - TEST", {
    x: 50,
    y: 700,
    font: await pdf.embedFont(StandardFonts.Helvetica),
  });
  writeFileSync(join(workDir, "istanza.pdf"), await pdf.save({ useObjectStreams: false }));
  pdfsig = Pdfsig.create([
    readFileSync(manifest.ca.rootPem, "utf8"),
    readFileSync(manifest.ca.signatureCaPem, "utf8"),
    readFileSync(manifest.ca.cnsCaPem, "utf8"),
  ]);
});

afterAll(() => {
  pdfsig.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

function token(variant: string): TestToken {
  const found = Object.values(manifest.tokens).find((t) => t.variant === variant);
  if (found === undefined) throw new Error(`no ${variant} token`);
  return found;
}

function cnsAgent(args: readonly string[], input = "") {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: workDir,
      SOFTHSM2_CONF: manifest.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(workDir, "none.json"),
    },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cns-agent sign --format pades", () => {
  it("a PDF signed twice (RSA, then EC) shows two valid signatures in pdfsig and in verify --json", () => {
    const once = join(workDir, "once");
    const twice = join(workDir, "twice");
    mkdirSync(once);
    mkdirSync(twice);
    for (const [variant, input, outDir] of [
      ["holder-rsa", join(workDir, "istanza.pdf"), once],
      ["holder-ec", join(once, "istanza.pdf"), twice],
    ] as const) {
      const t = token(variant);
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
          "pades",
          "--in",
          input,
          "--out-dir",
          outDir,
        ],
        `${t.userPin}\n`,
      );
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        results: [{ in: input, out: join(outDir, "istanza.pdf"), ok: true }],
      });
    }
    const signed = join(twice, "istanza.pdf");
    const checked = pdfsig.check(readFileSync(signed));
    expect(
      checked.signatures.map((s) => s.signatureValidation),
      checked.output,
    ).toEqual(["Signature is Valid.", "Signature is Valid."]);

    const run = cnsAgent(["verify", "--in", signed, "--trust", manifest.ca.bundlePem, "--json"]);
    expect(run.status, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as {
      valid: boolean;
      format: string;
      signatures: { valid: boolean; signer: { codiceFiscale: string } }[];
    };
    expect(report.format).toBe("pades");
    expect(report.signatures.map((s) => [s.valid, s.signer.codiceFiscale])).toEqual([
      [true, token("holder-rsa").holder.codiceFiscale],
      [true, token("holder-ec").holder.codiceFiscale],
    ]);
  });

  it("draws a visible box with reason and location, and passes the PDF/A warning on", async () => {
    const pdfA = join(workDir, "pdfa.pdf");
    writeFileSync(pdfA, await makeTestPdf("pdf-a"));
    const t = token("holder-rsa");
    const out = join(workDir, "pdfa-signed.pdf");
    const run = cnsAgent(
      [
        "sign",
        ...["--module", manifest.modulePath, "--token", t.label, "--pin-stdin", "--json"],
        ...["--format", "pades", "--visible", "1:50,50,220,60", "--reason", "Domanda", "--location", "Roma"],
        ...["--in", pdfA, "--out", out],
      ],
      `${t.userPin}\n`,
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      results: [{ ok: true, warnings: [{ code: "PDF_A_CONFORMANCE_AT_RISK" }] }],
    });
    const text = readFileSync(out, "latin1");
    expect(text).toContain("/Reason (Domanda)");
    expect(text).toContain("/Location (Roma)");
    expect(text).toMatch(/\/Rect \[\s*50 50 270 110\s*\]/);
    const checked = pdfsig.check(readFileSync(out));
    expect(checked.signatures[0]?.signatureValidation, checked.output).toBe("Signature is Valid.");
  });

  it("refuses --visible for CAdES and a page 0 (exit 2)", () => {
    for (const args of [
      ["--format", "cades", "--visible", "1"],
      ["--format", "pades", "--visible", "0"],
    ]) {
      const run = cnsAgent(
        [
          "sign",
          ...args,
          "--in",
          join(workDir, "istanza.pdf"),
          "--out",
          join(workDir, "y.pdf"),
          "--pin-stdin",
          "--json",
        ],
        "1\n",
      );
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "BAD_USAGE" } });
    }
  });

  it("refuses --detached for PDFs (exit 2)", () => {
    const run = cnsAgent(
      [
        "sign",
        "--format",
        "pades",
        "--detached",
        "--in",
        join(workDir, "istanza.pdf"),
        "--out",
        join(workDir, "x.pdf"),
        "--pin-stdin",
        "--json",
      ],
      "1\n",
    );
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "BAD_USAGE" } });
  });
});
