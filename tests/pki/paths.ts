import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root, found by walking up from this file: the same answer whether this runs
 * from tests/pki (vitest) or from its compiled copy under tests/.state (npm run pki).
 */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "tests", "pki", "specs"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the repository root (tests/pki/specs)");
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot();
export const PKI_SOURCE_DIR = join(REPO_ROOT, "tests", "pki");
