import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RestartableChild, restartableChild } from "./restartable-child.js";

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

/** Restarts on the same ports and state. */
export interface SandboxProcess extends RestartableChild {
  readonly portalOrigin: string;
  readonly pagopaUrl: string;
  readonly stateDir: string;
  readonly portalDb: string;
  readonly pagopaDb: string;
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
  const lifecycle = restartableChild({
    name: "the sandbox",
    args,
    spawnOptions: { cwd: repoRoot },
    logName: options.logName,
    ready: (stdout) => stdout.includes("portale CNS:") && stdout.includes("pagoPA stand-in:"),
  });
  const sandbox: SandboxProcess = Object.assign(lifecycle, {
    portalOrigin: `http://127.0.0.1:${portalPort}`,
    pagopaUrl: `http://127.0.0.1:${pagopaPort}`,
    stateDir: options.stateDir,
    portalDb: join(options.stateDir, "portal.sqlite"),
    pagopaDb: join(options.stateDir, "pagopa.sqlite"),
  });
  await sandbox.start();
  return sandbox;
}
