import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DestinationStream } from "pino";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import type { Pkcs11Module } from "../../agent/src/pkcs11/pkcs11-module.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { signDocumentFile, signDocumentInMemory } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import { cloneTestPki, loadTestPki, type TestPkiManifest } from "../pki/index.js";
import { testLogDestination } from "./test-logs.js";

/** The development extension, allowed by the agent by default. */
export const TEST_EXTENSION_ORIGIN = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme";

export interface TestAgent {
  /** The private copy of the test PKI this agent uses. */
  readonly manifest: TestPkiManifest;
  readonly service: TokenService;
  readonly server: RunningAgentServer;
  readonly url: string;
  /** A scratch directory removed by `close()`. */
  readonly dir: string;
  close(): Promise<void>;
}

export interface TestAgentOptions {
  /** Wraps the real SoftHSM2 module, e.g. to inject faults. */
  readonly wrapModule?: (module: Pkcs11Module) => Pkcs11Module;
  readonly pollIntervalMs?: number;
  /** The token service's time limit per token operation (its default otherwise). */
  readonly callTimeoutMs?: number;
  /** Where the agent's JSON log lines go (a file in the test log directory when absent). */
  readonly logDestination?: DestinationStream;
  readonly logLevel?: "debug" | "info";
}

/**
 * The real agent (token service + loopback server) in this process, on a private copy of the
 * test tokens, as every socket-level test needs it: a wrong PIN or a removal never touches the
 * shared state other test files read.
 */
export async function startTestAgent(options: TestAgentOptions = {}): Promise<TestAgent> {
  const dir = await mkdtemp(join(tmpdir(), "test-agent-"));
  const manifest = await cloneTestPki(loadTestPki(), join(dir, "pki"));
  // SoftHSM2 reads its config when the module is initialized, in this process.
  process.env.SOFTHSM2_CONF = manifest.softhsm2Conf;
  const real = openPkcs11Module(manifest.modulePath);
  const logger = createAgentLogger({
    level: options.logLevel ?? "info",
    destination: options.logDestination ?? testLogDestination("test-agent"),
  });
  const service = new TokenService({
    module: options.wrapModule?.(real) ?? real,
    logger,
    signDocumentFile,
    signDocumentInMemory,
    pollIntervalMs: options.pollIntervalMs ?? 0,
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  await service.pollSlots();
  const server = await startAgentServer({
    port: 0,
    allowedOrigins: [TEST_EXTENSION_ORIGIN],
    service,
    logger,
  });
  return {
    manifest,
    service,
    server,
    url: `ws://127.0.0.1:${server.port}/`,
    dir,
    async close() {
      await server.close();
      await service.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
