import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { signDocumentFile, signDocumentInMemory } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import { cloneTestPki, loadTestPki } from "../pki/index.js";
import { alsoToLogFile, testLogDestination } from "../support/test-logs.js";

const EXTENSION = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme";
/** A name the browser resolves to 127.0.0.1, as a DNS-rebinding attacker's domain would. */
const REBIND_HOST = "rebind.attacker.example";

/** What the hostile page tries; the browser sets Origin and Host itself, as it would for any site. */
const ATTEMPTS = (port: number) => [
  { url: `ws://127.0.0.1:${port}/`, protocols: [] },
  { url: `ws://localhost:${port}/`, protocols: [] },
  { url: `ws://127.0.0.1:${port}/`, protocols: ["cns-bridge"] },
  { url: `ws://127.0.0.1:${port}/`, protocols: ["cns-bridge.v1", EXTENSION.replace("://", ".")] },
  { url: `ws://localhost:${port}/`, protocols: ["chrome-extension"] },
  { url: `ws://${REBIND_HOST}:${port}/`, protocols: [] },
  { url: `ws://${REBIND_HOST}:${port}/`, protocols: ["cns-bridge"] },
];

const logLines: string[] = [];
let dir: string;
let service: TokenService;
let agent: RunningAgentServer;
let page: Server;
let browser: Browser;
let maxConnections = 0;
let sampler: NodeJS.Timeout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hardening-cswsh-"));
  const clone = await cloneTestPki(loadTestPki(), dir);
  process.env.SOFTHSM2_CONF = clone.softhsm2Conf;
  service = new TokenService({
    module: openPkcs11Module(clone.modulePath),
    logger: createAgentLogger({ destination: testLogDestination("cswsh-token-service") }),
    signDocumentFile,
    signDocumentInMemory,
    pollIntervalMs: 1000,
  });
  agent = await startAgentServer({
    port: 0,
    allowedOrigins: [EXTENSION],
    service,
    logger: createAgentLogger({
      level: "debug",
      destination: alsoToLogFile("cswsh-agent-server", (line) => logLines.push(line)),
    }),
  });
  sampler = setInterval(() => (maxConnections = Math.max(maxConnections, agent.connectionCount())), 2);
  page = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>other site</title>");
  });
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`],
  });
}, 60_000);

afterAll(async () => {
  clearInterval(sampler);
  await browser.close();
  await new Promise((resolve) => page.close(resolve));
  await agent.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe("cross-site WebSocket hijacking from a real browser", () => {
  it.each(["127.0.0.1", "localhost", REBIND_HOST])(
    "a page served from http://%s on another port gets no socket to the agent",
    async (pageHost) => {
      const tab = await browser.newPage();
      await tab.goto(`http://${pageHost}:${(page.address() as AddressInfo).port}/`);
      const outcomes = await tab.evaluate(async (attempts) => {
        const tryOne = (attempt: { url: string; protocols: string[] }) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(attempt.url, attempt.protocols);
            socket.onopen = () => {
              socket.close();
              resolve("open");
            };
            socket.onerror = () => resolve("refused");
          });
        const results: string[] = [];
        for (const attempt of attempts) results.push(await tryOne(attempt));
        return results;
      }, ATTEMPTS(agent.port));
      await tab.close();
      expect(outcomes).toEqual(ATTEMPTS(agent.port).map(() => "refused"));
      // Seen from the agent: not one upgrade was accepted, and it logged why it refused them.
      expect(maxConnections).toBe(0);
      expect(agent.connectionCount()).toBe(0);
      const refusals = logLines.filter((line) => line.includes("websocket upgrade refused"));
      expect(refusals.some((line) => line.includes(`origin:http://${pageHost}:`))).toBe(true);
      if (pageHost === REBIND_HOST) {
        expect(refusals.some((line) => line.includes(`host:${REBIND_HOST}:${agent.port}`))).toBe(true);
      }
    },
    30_000,
  );
});
