import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");

/**
 * Builds the .deb in a new output dir under `parent` (test files build in parallel; the caller
 * removes `parent`) and returns its path. `version` overrides the package version
 * (CNS_DEB_VERSION), to make an "upgrade".
 */
export function buildDeb(parent: string, version?: string): string {
  const env = {
    ...process.env,
    CNS_INSTALLERS_OUT: mkdtempSync(join(parent, "deb-out-")),
    ...(version === undefined ? {} : { CNS_DEB_VERSION: version }),
  };
  const out = execFileSync("node", ["installers/deb/build-deb.mjs"], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
  });
  return out.trim().split("\n").at(-1) ?? "";
}
