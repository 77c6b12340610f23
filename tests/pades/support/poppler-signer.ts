import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * poppler's `pdfsig -add-signature` as a second, independent PDF signer: a self-signed RSA key
 * made by openssl, imported into a throw-away NSS db as PKCS#12. It writes adbe.pkcs7.detached
 * signatures in its own incremental update, which our verifier must read and our later
 * revisions must keep valid.
 */
export class PopplerSigner {
  private constructor(
    private readonly dir: string,
    /** The self-signed certificate, PEM: the trust anchor for its signatures. */
    readonly certificatePem: string,
  ) {}

  static create(): PopplerSigner {
    const dir = mkdtempSync(join(tmpdir(), "cns-poppler-signer-"));
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const p12 = join(dir, "signer.p12");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        "/C=IT/O=TEST cns-bridge poppler/CN=TEST poppler signer",
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign",
      ],
      { stdio: "ignore" },
    );
    execFileSync("openssl", [
      "pkcs12",
      "-export",
      "-inkey",
      key,
      "-in",
      cert,
      "-out",
      p12,
      "-passout",
      "pass:test",
      "-name",
      "poppler-signer",
    ]);
    execFileSync("certutil", ["-N", "-d", `sql:${dir}`, "--empty-password"]);
    execFileSync("pk12util", ["-i", p12, "-d", `sql:${dir}`, "-W", "test"], { stdio: "ignore" });
    return new PopplerSigner(dir, readFileSync(cert, "utf8"));
  }

  sign(pdf: Uint8Array): Uint8Array {
    const input = join(this.dir, "in.pdf");
    const output = join(this.dir, "out.pdf");
    writeFileSync(input, pdf);
    rmSync(output, { force: true });
    execFileSync(
      "pdfsig",
      ["-nssdir", `sql:${this.dir}`, "-nick", "poppler-signer", "-add-signature", input, output],
      { stdio: "ignore" },
    );
    return new Uint8Array(readFileSync(output));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
