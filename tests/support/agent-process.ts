import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { softhsmEnv, type TestPkiManifest } from "../pki/index.js";
import { freePort } from "./sandbox-process.js";
import { captureChildOutput, testLogFile } from "./test-logs.js";
import { endChild } from "./end-child.js";

const bin = fileURLToPath(new URL("../../agent/bin/cns-agent", import.meta.url));

export interface AgentProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess | undefined;
  /** Starts it again on the same port (after `kill9` or `stop`). */
  start(): Promise<void>;
  /** `kill -9`: the agent dies with whatever it held in memory (logins, signing jobs). */
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
}

export interface AgentProcessOptions {
  /** A private clone of the test PKI (`cloneTestPki`). */
  readonly manifest: TestPkiManifest;
  /** HOME and the config file live here. */
  readonly dir: string;
  readonly logName: string;
  readonly port?: number;
}

/**
 * The real `cns-agent serve` as a child process on a SoftHSM2 test PKI, its log (JSON lines on
 * standard error, and its log file) kept in the test log directory. It allows the development extension's origin
 * (the agent's default).
 */
export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  const port = options.port ?? (await freePort());
  const env = {
    ...softhsmEnv(options.manifest),
    PATH: process.env.PATH,
    HOME: options.dir,
    CNS_BRIDGE_CONFIG: join(options.dir, "agent-config.json"),
    // The agent's own log file (what a holder's machine keeps) is scanned with the other logs.
    CNS_BRIDGE_LOG: testLogFile(`${options.logName}-file`),
  };
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child !== undefined) throw new Error("the agent is already running");
    const started = spawn(
      process.execPath,
      [bin, "serve", "--port", String(port), "--module", options.manifest.modulePath],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = started;
    captureChildOutput(started, options.logName);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agent not listening after 30 s: ${output}`)), 30_000);
      started.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`listening on ws://127.0.0.1:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`agent exited with ${String(code)}: ${output}`));
      });
    });
  };

  const agent: AgentProcess = {
    port,
    url: `ws://127.0.0.1:${port}/`,
    get child() {
      return child;
    },
    start,
    async kill9() {
      const running = child;
      child = undefined;
      if (running !== undefined) await endChild(running, "SIGKILL");
    },
    async stop() {
      const running = child;
      child = undefined;
      return running === undefined ? null : endChild(running, "SIGTERM");
    },
  };
  await start();
  return agent;
}
