import { execFile } from "node:child_process";
import { createPrivateKey, type KeyObject, privateEncrypt, constants } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { DigestAlgorithm, KeyAlgorithm, Signer } from "@cns-bridge/shared";

const run = promisify(execFile);

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1): what a card's CKM_RSA_PKCS signs over. */
const DIGEST_INFO_PREFIX: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "3031300d060960864801650304020105000420",
  "SHA-384": "3041300d060960864801650304020205000430",
  "SHA-512": "3051300d060960864801650304020305000440",
};

/**
 * A software key behind the `Signer` interface, for tests that need no token: it signs a
 * precomputed digest exactly as a card does (RSA PKCS#1 v1.5 over DigestInfo, ECDSA DER).
 * Node's crypto cannot sign a prehashed ECDSA digest, so EC goes through `openssl pkeyutl`.
 */
export class SoftwareSigner implements Signer {
  readonly #key: KeyObject;
  readonly #pkcs8Pem: string;
  signatures = 0;

  constructor(
    readonly certificate: Uint8Array,
    readonly chain: readonly Uint8Array[],
    readonly keyAlgorithm: KeyAlgorithm,
    pkcs8: Uint8Array,
  ) {
    this.#key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
    this.#pkcs8Pem = this.#key.export({ format: "pem", type: "pkcs8" }).toString();
  }

  /** The private key as PKCS#8 PEM, for tests where openssl signs with the same key. */
  privateKeyPem(): string {
    return this.#pkcs8Pem;
  }

  async sign(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
    this.signatures += 1;
    if (this.keyAlgorithm === "RSA") {
      const digestInfo = Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[algorithm], "hex"), digest]);
      return new Uint8Array(
        privateEncrypt({ key: this.#key, padding: constants.RSA_PKCS1_PADDING }, digestInfo),
      );
    }
    const dir = await mkdtemp(join(tmpdir(), "cns-ec-sign-"));
    try {
      await writeFile(join(dir, "key.pem"), this.#pkcs8Pem, { mode: 0o600 });
      await writeFile(join(dir, "digest.bin"), digest);
      await run("openssl", [
        "pkeyutl",
        "-sign",
        "-inkey",
        join(dir, "key.pem"),
        "-in",
        join(dir, "digest.bin"),
        "-out",
        join(dir, "sig.der"),
      ]);
      return new Uint8Array(await readFile(join(dir, "sig.der")));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
