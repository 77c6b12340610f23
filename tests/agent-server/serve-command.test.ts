import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestPki, softhsmEnv } from "../pki/index.js";
import { captureChildOutput } from "../support/test-logs.js";

const CLI = "agent/bin/cns-agent";
const manifest = loadTestPki();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "serve-command-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: Promise<string> } {
  const child = spawn("node", [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  captureChildOutput(child, "serve-command");
  let text = "";
  child.stdout?.on("data", (piece: Buffer) => (text += piece.toString()));
  child.stderr?.on("data", (piece: Buffer) => (text += piece.toString()));
  const output = new Promise<string>((resolve) => child.on("exit", () => resolve(text)));
  return { child, output };
}

async function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${pattern}: ${text}`)), 15_000);
    child.stdout?.on("data", (piece: Buffer) => {
      text += piece.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

describe("cns-agent serve as a process", () => {
  it("prints where it listens, serves /health on loopback and stops on SIGTERM with exit 0", async () => {
    const port = await freePort();
    const env = { ...softhsmEnv(manifest), CNS_BRIDGE_CONFIG: join(dir, "missing.json") };
    const { child } = start(["serve", "--port", String(port), "--module", manifest.modulePath], env);
    const line = await waitFor(child, /listening on ws:\/\/127\.0\.0\.1:\d+/);
    expect(line).toContain(`listening on ws://127.0.0.1:${port}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ name: "cns-bridge-agent", protocol: 1 });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses a bad config file with CONFIG_INVALID and exit 2", async () => {
    const config = join(dir, "config.json");
    await writeFile(config, '{"port": "not a number"}');
    const { output, child } = start(["serve", "--json", "--module", manifest.modulePath], {
      ...softhsmEnv(manifest),
      CNS_BRIDGE_CONFIG: config,
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const text = await output;
    expect(JSON.parse(text.trim().split("\n").pop() ?? "{}")).toMatchObject({
      error: { code: "CONFIG_INVALID" },
    });
    expect(await exit).toBe(2);
  });

  it("refuses a web origin in --allow-origin", async () => {
    const { output } = start(
      ["serve", "--json", "--allow-origin", "https://evil.example", "--module", manifest.modulePath],
      { ...softhsmEnv(manifest), CNS_BRIDGE_CONFIG: join(dir, "missing.json") },
    );
    expect(await output).toContain('"code":"BAD_USAGE"');
  });
});
