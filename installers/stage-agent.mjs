// Stages the runnable agent for every installer: agent/{bin,dist,package.json} and the agent's
// production node_modules (as `npm ls --omit=dev` lists them), without what a user never runs
// (tests, CI files, docs pages, the native module's build intermediates). Needs
// `npx tsc -b shared agent` first.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";

/** Directory names inside node_modules that no runtime code loads. */
const PRUNED_DIRS = new Set([
  ".github",
  ".husky",
  "test",
  "tests",
  "__tests__",
  "docs",
  "example",
  "examples",
  "benchmarks",
  "bench",
]);
/**
 * Files inside node_modules that no runtime code loads: VCS/CI files, web pages and the
 * packages' own documentation. LICENSE files stay: the licences travel with the code.
 */
const PRUNED_FILES =
  /^(\.gitattributes|\.gitignore|\.npmignore|\.travis\.yml|.*\.html|(readme|changelog|contributing|security|history)(\.md|\.markdown|\.txt)?)$/i;

/**
 * @param {string} root repository root
 * @param {string} lib the directory that becomes the installed `cns-bridge` dir (agent/ and node_modules/ in it)
 * @returns {{ name: string, version: string, license: string, dir: string }[]} the bundled packages
 */
export function stageAgent(root, lib) {
  for (const part of ["bin", "dist", "package.json"])
    cpSync(join(root, "agent", part), join(lib, "agent", part), { recursive: true });
  chmodSync(join(lib, "agent", "bin", "cns-agent"), 0o755);
  // bin/cns-agent runs dist/bundle when it is not older than the last tsc builds; an installed
  // tree has no build files to compare with, so it would run any bundle, even a stale one: a
  // bundle older than the code it was made from is left out (the agent then runs dist/cli).
  if (!bundleIsFresh(root)) rmSync(join(lib, "agent", "dist", "bundle"), { recursive: true, force: true });
  const deps = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable", "-w", "agent"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((p) => p.includes(`${join(root, "node_modules")}/`) && !p.endsWith("@cns-bridge/agent"));
  const bundled = [];
  for (const dep of new Set(deps)) {
    const target = join(lib, relative(root, dep));
    const parts = dep.endsWith("@cns-bridge/shared") ? ["dist", "package.json"] : [""];
    for (const part of parts)
      cpSync(join(dep, part), join(target, part), { recursive: true, dereference: true });
    const pkg = JSON.parse(readFileSync(join(dep, "package.json"), "utf8"));
    bundled.push({
      name: pkg.name,
      version: pkg.version,
      license: pkg.license ?? "see its files",
      dir: target,
    });
  }
  prune(join(lib, "node_modules"));
  keepOnlyNativeModule(join(lib, "node_modules", "pkcs11js"));
  return bundled;
}

/**
 * Whether agent/dist/bundle/cns-agent.cjs exists and is at least as new as agent's and shared's
 * tsconfig.tsbuildinfo (the rule bin/cns-agent applies).
 * @param {string} root repository root
 */
export function bundleIsFresh(root) {
  const mtime = (path) => statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime("agent/dist/bundle/cns-agent.cjs");
  const builds = [mtime("agent/tsconfig.tsbuildinfo"), mtime("shared/tsconfig.tsbuildinfo")];
  return bundle !== undefined && builds.every((built) => built === undefined || built <= bundle);
}

function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (PRUNED_DIRS.has(entry.name)) rmSync(path, { recursive: true });
      else prune(path);
    } else if (PRUNED_FILES.test(entry.name)) {
      rmSync(path);
    }
  }
}

/**
 * pkcs11js loads `build/Release/pkcs11.node`; the rest of build/ is node-gyp's intermediates
 * (object files, a second copy of the module, makefiles with this machine's paths). The module
 * is stripped and not executable, as a shared library that is only dlopen()ed should be.
 */
function keepOnlyNativeModule(pkcs11js) {
  const release = join(pkcs11js, "build", "Release");
  const bytes = readFileSync(join(release, "pkcs11.node"));
  rmSync(join(pkcs11js, "build"), { recursive: true });
  mkdirSync(release, { recursive: true });
  writeFileSync(join(release, "pkcs11.node"), bytes, { mode: 0o644 });
  execFileSync("strip", ["--strip-unneeded", "--remove-section=.comment", join(release, "pkcs11.node")]);
}
