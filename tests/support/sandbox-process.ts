import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { captureChildOutput } from "./test-logs.js";
import { endChild } from "./end-child.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/**
 * Compiles `npm run sandbox`'s program into `tests/.state/sandbox-build-<tag>/`: each test file
 * gets its own copy, so one file's build never rewrites the program another file is starting.
 * Returns the compiled main.js (three levels below the repository, as main.ts expects).
 */
export function buildSandbox(tag: string): string {
  const outDir = join(repoRoot, "tests", ".state", `sandbox-build-${tag}`);
  execFileSync("npx", ["tsc", "-p", "tests/sandbox/tsconfig.build.json", "--outDir", outDir], {
    cwd: repoRoot,
    stdio: "pipe",
  });
  return join(outDir, "main.js");
}

export interface SandboxProcess {
  readonly portalOrigin: string;
  readonly pagopaUrl: string;
  readonly stateDir: string;
  readonly portalDb: string;
  readonly pagopaDb: string;
  /** The running process (undefined while stopped). */
  readonly child: ChildProcess | undefined;
  /** Starts it again on the same ports and state (after `kill9` or `stop`). */
  start(): Promise<void>;
  /** `kill -9`: no shutdown handler runs, as in a crash or a power cut. */
  kill9(): Promise<void>;
  /** SIGTERM, the clean stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface SandboxOptions {
  /** From `buildSandbox`. */
  readonly main: string;
  readonly stateDir: string;
  /** PEM bundle of the CAs the portal trusts (the test PKI's `ca.bundlePem`). */
  readonly caFile: string;
  /** Names the log files in the test log directory. */
  readonly logName: string;
}

/**
 * The sandbox (portal + pagoPA stand-in, one process, two SQLite files) as a real child process on
 * free loopback ports, its output kept in the test log directory.
 */
export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
  const portalPort = await freePort();
  const pagopaPort = await freePort();
  mkdirSync(options.stateDir, { recursive: true });
  const args = [
    options.main,
    "--portal-port",
    String(portalPort),
    "--pagopa-port",
    String(pagopaPort),
    "--state",
    options.stateDir,
    "--ca",
    options.caFile,
  ];
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child !== undefined) throw new Error("the sandbox is already running");
    const started = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    captureChildOutput(started, options.logName);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sandbox not listening after 30 s: ${output}`)),
        30_000,
      );
      started.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("portale CNS:") && output.includes("pagoPA stand-in:")) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`sandbox exited with ${String(code)}: ${output}`));
      });
    });
  };

  const sandbox: SandboxProcess = {
    portalOrigin: `http://127.0.0.1:${portalPort}`,
    pagopaUrl: `http://127.0.0.1:${pagopaPort}`,
    stateDir: options.stateDir,
    portalDb: join(options.stateDir, "portal.sqlite"),
    pagopaDb: join(options.stateDir, "pagopa.sqlite"),
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
  return sandbox;
}
