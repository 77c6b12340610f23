import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestPkiManifest, TestToken } from "../../pki/index.js";

/**
 * One "reader" holding one test CNS at a time, for an agent process: a SoftHSM2 config whose
 * token directory gets a copy of just the chosen token of a test PKI clone. SoftHSM2 reads its
 * tokens when the module starts, so a card swap is `insert()` then an agent restart.
 */
export class TestCardReader {
  readonly softhsm2Conf: string;
  readonly #slotDir: string;

  constructor(
    private readonly pki: TestPkiManifest,
    dir: string,
  ) {
    this.#slotDir = join(dir, "reader-slot");
    mkdirSync(this.#slotDir, { recursive: true });
    this.softhsm2Conf = join(dir, "reader-softhsm2.conf");
    const cloneConf = readFileSync(pki.softhsm2Conf, "utf8");
    writeFileSync(
      this.softhsm2Conf,
      cloneConf.replace(/^directories\.tokendir\s*=.*$/m, `directories.tokendir = ${this.#slotDir}`),
    );
  }

  /** The manifest an agent process started on this reader uses. */
  get manifest(): TestPkiManifest {
    return { ...this.pki, softhsm2Conf: this.softhsm2Conf };
  }

  token(variant: string): TestToken {
    const found = Object.values(this.pki.tokens).find((token) => token.variant === variant);
    if (found === undefined) throw new Error(`no ${variant} token in the test PKI`);
    return found;
  }

  /** Puts the token of `variant` in the reader (alone); returns it. */
  insert(variant: string): TestToken {
    const token = this.token(variant);
    const tokensDir = /^directories\.tokendir\s*=\s*(.+)$/m.exec(
      readFileSync(this.pki.softhsm2Conf, "utf8"),
    )?.[1];
    if (tokensDir === undefined) throw new Error("no tokendir in the clone's SoftHSM2 config");
    // SoftHSM2 stores the label padded with blanks to 32 bytes in token.object.
    const label = Buffer.from(token.label.padEnd(32, " "));
    const source = readdirSync(tokensDir.trim()).find((name) =>
      readFileSync(join(tokensDir.trim(), name, "token.object")).includes(label),
    );
    if (source === undefined) throw new Error(`token ${token.label} not found in ${tokensDir}`);
    this.remove();
    cpSync(join(tokensDir.trim(), source), join(this.#slotDir, source), { recursive: true });
    return token;
  }

  remove(): void {
    for (const name of readdirSync(this.#slotDir)) rmSync(join(this.#slotDir, name), { recursive: true });
  }
}
