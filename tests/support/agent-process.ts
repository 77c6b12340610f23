import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { softhsmEnv, type TestPkiManifest } from "../pki/index.js";
import { freePort } from "./sandbox-process.js";
import { type RestartableChild, restartableChild } from "./restartable-child.js";
import { testLogFile } from "./test-logs.js";

const bin = fileURLToPath(new URL("../../agent/bin/cns-agent", import.meta.url));

/** `kill9` makes the agent die with whatever it held in memory (logins, signing jobs). */
export interface AgentProcess extends RestartableChild {
  readonly port: number;
  readonly url: string;
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
  const lifecycle = restartableChild({
    name: "the agent",
    args: [bin, "serve", "--port", String(port), "--module", options.manifest.modulePath],
    spawnOptions: { env },
    logName: options.logName,
    ready: (stdout) => stdout.includes(`listening on ws://127.0.0.1:${port}`),
  });
  const agent: AgentProcess = Object.assign(lifecycle, { port, url: `ws://127.0.0.1:${port}/` });
  await agent.start();
  return agent;
}
