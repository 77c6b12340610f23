import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One signature block of `pdfsig` output. */
export interface PdfsigSignature {
  readonly signatureValidation: string;
  readonly certificateValidation: string;
  readonly subFilter: string;
  readonly wholeDocument: boolean;
}

/**
 * poppler's pdfsig as an independent validator. It exits 0 even on "Digest Mismatch", so the
 * verdict comes from its "Signature Validation:" and "Certificate Validation:" lines; the test
 * CA sits in a throw-away NSS db passed with -nssdir.
 */
export class Pdfsig {
  private constructor(private readonly dir: string) {}

  static create(caPems: readonly string[]): Pdfsig {
    const dir = mkdtempSync(join(tmpdir(), "cns-pdfsig-"));
    execFileSync("certutil", ["-N", "-d", `sql:${dir}`, "--empty-password"]);
    caPems.forEach((pem, i) => {
      const path = join(dir, `ca${i}.pem`);
      writeFileSync(path, pem);
      execFileSync("certutil", [
        "-A",
        "-d",
        `sql:${dir}`,
        "-n",
        `test-ca-${i}`,
        "-t",
        "CT,C,C",
        "-a",
        "-i",
        path,
      ]);
    });
    return new Pdfsig(dir);
  }

  /** Runs pdfsig on the bytes; `undefined` signatures when pdfsig could not read the file. */
  check(pdf: Uint8Array): { readonly output: string; readonly signatures: PdfsigSignature[] } {
    const path = join(this.dir, `doc-${Date.now()}-${Math.random().toString(16).slice(2)}.pdf`);
    writeFileSync(path, pdf);
    let output: string;
    try {
      output = execFileSync("pdfsig", ["-nssdir", `sql:${this.dir}`, path], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      output = `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
    } finally {
      rmSync(path, { force: true });
    }
    const blocks = output.split(/^Signature #\d+:$/m).slice(1);
    const signatures = blocks.map((block) => ({
      signatureValidation: /Signature Validation: (.+)$/m.exec(block)?.[1]?.trim() ?? "",
      certificateValidation: /Certificate Validation: (.+)$/m.exec(block)?.[1]?.trim() ?? "",
      subFilter: /Signature Type: (.+)$/m.exec(block)?.[1]?.trim() ?? "",
      wholeDocument: /Total document signed/.test(block),
    }));
    return { output, signatures };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
