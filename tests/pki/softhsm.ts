import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import type { KeySpec } from "./spec-schema.js";

const execFileAsync = promisify(execFile);

/** The PIN reaches pkcs11-tool through its environment (`--pin env:NAME`), never its arguments. */
const PIN_VARIABLE = "CNS_BRIDGE_TEST_PKI_PIN";

/**
 * Runs a tool; a failure names the tool and its message but not the arguments, which for
 * softhsm2-util include PINs.
 */
async function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, what: string) {
  try {
    return await execFileAsync(file, args, { env });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`${file} failed to ${what}: ${stderr}`);
  }
}

/** Where Debian (and most distributions) install SoftHSM2's PKCS#11 module. */
const SOFTHSM_MODULE_CANDIDATES = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/local/lib/softhsm/libsofthsm2.so",
];

export function findSoftHsmModule(): string {
  const found = SOFTHSM_MODULE_CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error("SoftHSM2 is not installed (apt-get install softhsm2): no libsofthsm2.so found");
  }
  return found;
}

export async function writeSoftHsmConf(confPath: string, tokenDir: string): Promise<void> {
  await writeFile(
    confPath,
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
}

/** One SoftHSM2 token driven through its own tools and OpenSC's pkcs11-tool, as an administrator would. */
export class SoftHsmToken {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly modulePath: string,
    readonly label: string,
    private readonly userPin: string,
  ) {}

  static async initialize(
    env: NodeJS.ProcessEnv,
    modulePath: string,
    label: string,
    userPin: string,
    soPin: string,
  ): Promise<SoftHsmToken> {
    await run(
      "softhsm2-util",
      ["--init-token", "--free", "--label", label, "--pin", userPin, "--so-pin", soPin],
      env,
      `initialize the token ${label}`,
    );
    return new SoftHsmToken(env, modulePath, label, userPin);
  }

  async serial(): Promise<string> {
    const { stdout } = await run("softhsm2-util", ["--show-slots"], this.env, "list the slots");
    // Blocks per slot; find the one whose token label matches, then its serial number.
    for (const block of stdout.split(/\n(?=Slot )/)) {
      const label = /Label:\s+(.*)/.exec(block)?.[1]?.trim();
      const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
      if (label === this.label && serial !== undefined) return serial;
    }
    throw new Error(`token ${this.label} not found in softhsm2-util --show-slots`);
  }

  #tool(what: string, args: readonly string[]) {
    return run(
      "pkcs11-tool",
      ["--module", this.modulePath, "--token-label", this.label, ...args],
      { ...this.env, [PIN_VARIABLE]: this.userPin },
      `${what} on the token ${this.label}`,
    );
  }

  /** Generates a key pair ON the token; the private key never leaves it. */
  async generateKeyPair(id: string, label: string, key: KeySpec): Promise<void> {
    const keyType = key.type === "RSA" ? `rsa:${key.bits}` : "EC:prime256v1";
    await this.#tool(`generate key pair ${id}`, [
      "--login",
      "--pin",
      `env:${PIN_VARIABLE}`,
      "--keypairgen",
      "--key-type",
      keyType,
      "--id",
      id,
      "--label",
      label,
      "--usage-sign",
    ]);
  }

  /** The public key of pair `id` as DER SubjectPublicKeyInfo. */
  async readPublicKey(id: string, outPath: string): Promise<void> {
    await this.#tool(`read public key ${id}`, [
      "--read-object",
      "--type",
      "pubkey",
      "--id",
      id,
      "--output-file",
      outPath,
    ]);
  }

  async writeCertificate(id: string, label: string, derPath: string): Promise<void> {
    await this.#tool(`write certificate ${id}`, [
      "--login",
      "--pin",
      `env:${PIN_VARIABLE}`,
      "--write-object",
      derPath,
      "--type",
      "cert",
      "--id",
      id,
      "--label",
      label,
    ]);
  }
}
