import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, ensureConfigFile } from "../../agent/src/first-run/ensure-config.js";
import { loadTestPki, softhsmEnv } from "../pki/index.js";
import { captureChildOutput } from "../support/test-logs.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("first run: config file", () => {
  it("creates the config with defaults (and its directory) when missing", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-run-"));
    const path = join(dir, "cns-bridge", "config.json");
    expect(await ensureConfigFile(path)).toBe(true);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(DEFAULT_CONFIG);
  });

  it("keeps an existing config byte for byte (updates keep the config)", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-run-"));
    const path = join(dir, "config.json");
    const mine = '{"modulePath":"/opt/x.so","port":40000}';
    await writeFile(path, mine);
    expect(await ensureConfigFile(path)).toBe(false);
    expect(await readFile(path, "utf8")).toBe(mine);
  });
});

describe("first run: cns-agent serve as a process", () => {
  const CLI = join(import.meta.dirname, "..", "..", "agent", "bin", "cns-agent");
  const manifest = loadTestPki();

  function serve(home: string, args: readonly string[]): { child: ChildProcess; output: () => string } {
    // HOME only: the config and the log go to their default places under it.
    const env = { ...softhsmEnv(manifest, { PATH: process.env.PATH }), HOME: home };
    const child = spawn(process.execPath, [CLI, "serve", "--module", manifest.modulePath, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    captureChildOutput(child, "first-run-serve");
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { child, output: () => text };
  }

  async function until(output: () => string, pattern: RegExp, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!pattern.test(output())) {
      if (child.exitCode !== null) throw new Error(`agent exited ${child.exitCode}: ${output()}`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${pattern}: ${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = once(child, "exit").then(([code]) => code as number | null);
    child.kill("SIGTERM");
    return exited;
  }

  it("says where the config (created now) and the log are, and logs to that file", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-serve-"));
    const config = join(dir, ".config", "cns-bridge", "config.json");
    const log = join(dir, ".local", "state", "cns-bridge", "agent.log");
    const first = serve(dir, ["--port", String(await freePort())]);
    await until(first.output, /listening on ws:\/\/127\.0\.0\.1:\d+/, first.child);
    expect(first.output()).toContain(`Configurazione: ${config} (creata ora con i valori predefiniti)`);
    expect(first.output()).toContain(`Log: ${log}`);
    expect(await stop(first.child)).toBe(0);
    expect(await readFile(log, "utf8")).toMatch(/"msg":"agent started"/);
    expect((await stat(log)).mode & 0o777).toBe(0o600);
    // doctor --bundle takes that log's tail by default.
    const bundle = join(dir, "support.tar.gz");
    spawnSync(process.execPath, [CLI, "doctor", "--module", manifest.modulePath, "--bundle", bundle], {
      env: { ...softhsmEnv(manifest, { PATH: process.env.PATH }), HOME: dir },
    });
    const tail = execFileSync("tar", ["-xzOf", bundle, "cns-bridge-diagnostics/agent-log-tail.txt"], {
      encoding: "utf8",
    });
    expect(tail).toMatch(/"msg":"agent started"/);

    const again = serve(dir, ["--port", String(await freePort()), "--lang", "en"]);
    await until(again.output, /listening on ws:\/\/127\.0\.0\.1:\d+/, again.child);
    expect(again.output()).toContain(`Config: ${config}\n`);
    expect(await stop(again.child)).toBe(0);
  });

  it("refuses a port already taken with AGENT_PORT_IN_USE (exit 2), in Italian by default", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-serve-"));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const json = serve(dir, ["--port", port, "--json"]);
      const [jsonExit] = (await once(json.child, "exit")) as [number | null];
      const line = json.output().trim().split("\n").at(-1) ?? "";
      expect(JSON.parse(line)).toMatchObject({ error: { code: "AGENT_PORT_IN_USE" } });
      expect(jsonExit).toBe(2);

      const human = serve(dir, ["--port", port]);
      const [humanExit] = (await once(human.child, "exit")) as [number | null];
      expect(human.output()).toContain(`La porta ${port} di 127.0.0.1 è già in uso`);
      expect(humanExit).toBe(2);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
