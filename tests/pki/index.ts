import { cp, mkdir, readFile, rm, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTestPki, readSpecs } from "./make-test-pki.js";
import type { TestPkiManifest } from "./manifest.js";
import { REPO_ROOT } from "./paths.js";
import { writeSoftHsmConf } from "./softhsm.js";

export type { TestPkiManifest, TestToken, TestTokenCertificate } from "./manifest.js";

/** `.state/pki` under the repository, or under CNS_BRIDGE_STATE_DIR. Git-ignored. */
export function testPkiDir(): string {
  return join(process.env.CNS_BRIDGE_STATE_DIR ?? join(REPO_ROOT, ".state"), "pki");
}

async function readManifest(dir: string): Promise<TestPkiManifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as TestPkiManifest;
  } catch {
    return null;
  }
}

/** A lock directory (mkdir is atomic): concurrent test processes wait for one maker. */
async function withLock<T>(lockDir: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      const age = await stat(lockDir).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 120_000) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the test PKI lock ${lockDir}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * The test PKI, made when missing or when its specs or maker changed; otherwise read back in
 * milliseconds. `force` rebuilds it anyway.
 */
export async function ensureTestPki(options: { force?: boolean } = {}): Promise<TestPkiManifest> {
  const dir = testPkiDir();
  const specs = await readSpecs();
  const current = await readManifest(dir);
  if (!options.force && current?.specHash === specs.hash) return current;
  await mkdir(join(dir, ".."), { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    const again = await readManifest(dir);
    if (!options.force && again?.specHash === specs.hash) return again;
    return makeTestPki(dir, specs);
  });
}

/** The manifest made by `ensureTestPki()` (vitest's global setup makes it before any test). */
export function loadTestPki(): TestPkiManifest {
  const path = join(testPkiDir(), "manifest.json");
  try {
    return JSON.parse(readFileSync(path, "utf8")) as TestPkiManifest;
  } catch (cause) {
    throw new Error(`no test PKI at ${path}: run "npm run pki" or the test suite's global setup`, { cause });
  }
}

/** Environment for a process that must see the test tokens. */
export function softhsmEnv(
  manifest: TestPkiManifest,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return { ...base, SOFTHSM2_CONF: manifest.softhsm2Conf };
}

/**
 * A private copy of the tokens for tests that change them (wrong PINs, removal, new objects):
 * the shared state stays untouched. Certificates and CA files are shared (read-only).
 */
export async function cloneTestPki(manifest: TestPkiManifest, destDir: string): Promise<TestPkiManifest> {
  const tokensFrom = join(testPkiDir(), "tokens");
  const tokensTo = join(destDir, "tokens");
  await mkdir(destDir, { recursive: true });
  await cp(tokensFrom, tokensTo, { recursive: true });
  const softhsm2Conf = join(destDir, "softhsm2.conf");
  await writeSoftHsmConf(softhsm2Conf, tokensTo);
  return { ...manifest, softhsm2Conf };
}
