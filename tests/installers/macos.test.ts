import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/build-deb.js";

const APP = join("payload", "Library", "Application Support", "cns-bridge");
const PLIST = join("payload", "Library", "LaunchAgents", "dev.cns-bridge.agent.plist");
const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
let out = "";
let tree = "";
let tarball = "";
const temporary: string[] = [];

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function build(into: string, env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  return spawnSync("node", ["installers/macos/build-macos.mjs"], {
    cwd: repoRoot,
    env: { ...process.env, CNS_INSTALLERS_OUT: into, ...env },
    encoding: "utf8",
  });
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: repoRoot });
  out = temp("cns-macos-");
  const run = build(out);
  if (run.status !== 0) throw new Error(String(run.stderr));
  tarball = String(run.stdout).trim().split("\n").at(-1) ?? "";
  tree = join(out, "macos-root");
}, 120_000);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("macOS package tree (pkgbuild-ready) and tarball", () => {
  it("holds the agent, its production modules, launchers, uninstaller, LaunchAgent and postinstall", () => {
    for (const path of [
      join(APP, "agent", "dist", "cli", "main.js"),
      join(APP, "agent", "bin", "cns-agent"),
      join(APP, "node_modules", "@cns-bridge", "shared", "dist", "index.js"),
      join(APP, "node_modules", "pkcs11js", "index.js"),
      join(APP, "node_modules", "ws", "package.json"),
      join(APP, "bin", "cns-agent"),
      join(APP, "bin", "cns-agent-node"),
      join(APP, "uninstall.sh"),
      PLIST,
      join("scripts", "postinstall"),
    ]) {
      expect(existsSync(join(tree, path)), path).toBe(true);
    }
    expect(existsSync(join(tree, APP, "node_modules", "vitest"))).toBe(false);
    expect(existsSync(join(tree, APP, "node_modules", "typescript"))).toBe(false);
  });

  it("LaunchAgent plist parses (Python plistlib) and runs the tree's own cns-agent serve at load", () => {
    const json = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))",
        join(tree, PLIST),
      ],
      { encoding: "utf8" },
    );
    const plist = JSON.parse(json) as { Label: string; ProgramArguments: string[]; RunAtLoad: boolean };
    expect(plist.Label).toBe("dev.cns-bridge.agent");
    expect(plist.ProgramArguments).toEqual([
      "/Library/Application Support/cns-bridge/bin/cns-agent",
      "serve",
    ]);
    expect(existsSync(join(tree, "payload", plist.ProgramArguments[0] ?? ""))).toBe(true);
    expect(plist.RunAtLoad).toBe(true);
  });

  it("its scripts are executable and parse as POSIX sh", () => {
    for (const script of [
      join("scripts", "postinstall"),
      join(APP, "bin", "cns-agent"),
      join(APP, "bin", "cns-agent-node"),
      join(APP, "uninstall.sh"),
    ]) {
      expect(statSync(join(tree, script)).mode & 0o111, script).not.toBe(0);
      execFileSync("sh", ["-n", join(tree, script)]);
    }
  });

  it("ships no Linux native module; without a macOS one the tarball and a note say so", () => {
    const native = walk(join(tree, APP)).filter((path) => path.endsWith(".node"));
    expect(native).toEqual([]);
    expect(tarball.endsWith(`cns-bridge-macos-${version}-senza-modulo-nativo.tar.gz`)).toBe(true);
    expect(readFileSync(join(tree, APP, "MODULO-NATIVO-MANCANTE.txt"), "utf8")).toContain(
      "solo a ispezionare",
    );
  });

  it("refuses a native module that is not Mach-O (here: the Linux build) given as the macOS one", () => {
    const run = build(temp("cns-macos-bad-"), {
      CNS_MAC_PKCS11JS_NODE: join(repoRoot, "node_modules/pkcs11js/build/Release/pkcs11.node"),
    });
    expect(run.status).not.toBe(0);
    expect(String(run.stderr)).toContain("is elf-x86-64, not mach-o");
  });

  it("the tarball holds exactly the tree", () => {
    const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\n")
      .filter((name) => name !== "" && !name.endsWith("/"))
      .map((name) => join(tree, name))
      .sort();
    expect(listed).toEqual(walk(tree).sort());
  });

  it("the tree's launcher runs the agent once a native module is in place (here the Linux one)", () => {
    const copy = temp("cns-macos-run-");
    cpSync(join(tree, APP), copy, { recursive: true });
    copyFileSync(
      join(repoRoot, "node_modules/pkcs11js/build/Release/pkcs11.node"),
      join(copy, "node_modules/pkcs11js/build/Release/pkcs11.node"),
    );
    const run = spawnSync(join(copy, "bin", "cns-agent"), ["--version"], { encoding: "utf8" });
    expect(run.stdout.trim()).toBe(`cns-agent ${version}`);
    expect(run.status).toBe(0);
  });
});
