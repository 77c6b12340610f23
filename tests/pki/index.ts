import { cp, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { makeTestPki, readSpecs } from "./make-test-pki.js";
import type { TestPkiManifest } from "./manifest.js";
import { parseTestPkiManifest } from "./manifest-schema.js";
import { REPO_ROOT } from "./paths.js";
import { writeSoftHsmConf } from "./softhsm.js";
import { testPkiStateProblems } from "./state-check.js";
import { withLock } from "./state-lock.js";

export type { TestPkiManifest, TestToken, TestTokenCertificate } from "./manifest.js";

/** `.state/pki` under the repository, or under CNS_BRIDGE_STATE_DIR. Git-ignored. */
export function testPkiDir(): string {
  return join(process.env.CNS_BRIDGE_STATE_DIR ?? join(REPO_ROOT, ".state"), "pki");
}

/** The manifest on disk, or null when there is none or it does not parse (then it is remade). */
async function readManifest(dir: string): Promise<TestPkiManifest | null> {
  try {
    return parseTestPkiManifest(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
  } catch {
    return null;
  }
}

/**
 * The test PKI, made when missing, broken, older than a week, or when its specs or maker
 * changed; otherwise read back in milliseconds. `force` remakes it anyway. Safe to call from
 * concurrent processes: one makes the state, the others wait for it.
 */
export async function ensureTestPki(options: { force?: boolean } = {}): Promise<TestPkiManifest> {
  const dir = testPkiDir();
  const specs = await readSpecs();
  const reusable = async () => {
    const manifest = await readManifest(dir);
    if (options.force || manifest === null) return null;
    return testPkiStateProblems(manifest, specs.hash).length === 0 ? manifest : null;
  };
  const current = await reusable();
  if (current !== null) return current;
  await mkdir(join(dir, ".."), { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    const made = await reusable();
    if (made !== null) return made;
    await removeLeftovers(dir);
    return makeTestPki(dir, specs);
  });
}

/** Work dirs of builds killed half way (`pki.building-PID`, `pki.old-PID`); safe under the lock. */
async function removeLeftovers(dir: string): Promise<void> {
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.`;
  for (const name of await readdir(parent)) {
    if (name.startsWith(`${prefix}building-`) || name.startsWith(`${prefix}old-`)) {
      await rm(join(parent, name), { recursive: true, force: true });
    }
  }
}

/** The manifest made by `ensureTestPki()` (vitest's global setup makes it before any test). */
export function loadTestPki(): TestPkiManifest {
  const path = join(testPkiDir(), "manifest.json");
  try {
    return parseTestPkiManifest(JSON.parse(readFileSync(path, "utf8")));
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
