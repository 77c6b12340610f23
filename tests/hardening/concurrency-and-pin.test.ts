import { verify, X509Certificate } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authTokenSignedData, createChallenge, hashOfAlgorithm } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import type { Pkcs11Handle } from "../../agent/src/pkcs11/pkcs11-module.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { signDocumentFile, signDocumentInMemory } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import { interceptPkcs11Module } from "../agent/support/intercept-pkcs11-module.js";
import { cloneTestPki, loadTestPki, type TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { alsoToLogFile } from "../support/test-logs.js";

const EXTENSION = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme";
const CLIENTS = 50;
const WRONG_PIN = "00000000";
/** A codice fiscale as written in full (masking keeps only part of it). */
const CODICE_FISCALE = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/;

let dir: string;
let service: TokenService;
let server: RunningAgentServer;
let holder: TestToken;
let loginCalls = 0;
let signsInFlight = 0;
/** Every log line the agent writes in this file, at the most verbose level. */
const logLines: string[] = [];
const logger = () =>
  createAgentLogger({
    level: "debug",
    destination: alsoToLogFile("concurrency-agent", (line) => logLines.push(line)),
  });
let maxSignsInFlight = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hardening-concurrency-"));
  const clone = await cloneTestPki(loadTestPki(), dir);
  holder = clone.tokens["holder-rsa"] as TestToken;
  process.env.SOFTHSM2_CONF = clone.softhsm2Conf;
  const inner = openPkcs11Module(clone.modulePath);
  const module = interceptPkcs11Module(inner, {
    login: (session, userType, pin) => {
      loginCalls += 1;
      return inner.login(session, userType, pin);
    },
    sign: async (session: Pkcs11Handle, data: Uint8Array) => {
      signsInFlight += 1;
      maxSignsInFlight = Math.max(maxSignsInFlight, signsInFlight);
      try {
        // Yield so an unserialized second C_Sign would overlap this one.
        await new Promise((resolve) => setTimeout(resolve, 2));
        return await inner.sign(session, data);
      } finally {
        signsInFlight -= 1;
      }
    },
  });
  service = new TokenService({
    module,
    logger: logger(),
    signDocumentFile,
    signDocumentInMemory,
    pollIntervalMs: 1000,
  });
  await service.pollSlots();
  server = await startAgentServer({
    port: 0,
    allowedOrigins: [EXTENSION],
    service,
    logger: logger(),
  });
});

afterAll(async () => {
  await server.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe("concurrency", () => {
  it(`${CLIENTS} clients signing on one token at once: serialized, each reply signs its own nonce`, async () => {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => AgentClient.connect(`ws://127.0.0.1:${server.port}/`, EXTENSION)),
    );
    await clients[0]?.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    const requests = clients.map((client, index) => {
      const origin = `https://portal-${index}.example.it`;
      const nonce = createChallenge().nonce;
      return client
        .expectResult("auth.sign", { token: holder.label, origin, nonce })
        .then((reply) => ({ reply, origin, nonce }));
    });
    const replies = await Promise.all(requests);
    expect(maxSignsInFlight).toBe(1);
    for (const { reply, origin, nonce } of replies) {
      const token = reply.authToken as {
        unverifiedCertificate: string;
        algorithm: "RS256";
        signature: string;
      };
      const key = new X509Certificate(Buffer.from(token.unverifiedCertificate, "base64")).publicKey;
      const hash = hashOfAlgorithm(token.algorithm).replace("-", "").toLowerCase();
      const data = await authTokenSignedData(origin, nonce);
      // The signature verifies over this client's origin and nonce only: no mixed outputs.
      expect(verify(hash, data, key, Buffer.from(token.signature, "base64"))).toBe(true);
    }
    await Promise.all(clients.map((client) => client.close()));
  }, 30_000);
});

describe("PIN safety", () => {
  it("a wrong PIN reaches C_Login exactly once: no automatic retry", async () => {
    const client = await AgentClient.connect(`ws://127.0.0.1:${server.port}/`, EXTENSION);
    await client.expectResult("token.logout", { token: holder.label }).catch(() => undefined);
    const before = loginCalls;
    const wrong = await client.request("token.login", { token: holder.label, pin: WRONG_PIN });
    expect(wrong.type).toBe("error");
    expect(wrong.error).toMatchObject({ code: "PIN_INCORRECT" });
    expect(loginCalls - before).toBe(1);
    const right = await client.request("token.login", { token: holder.label, pin: holder.userPin });
    expect(right.type).toBe("token.login.result");
    expect(loginCalls - before).toBe(2);
    await client.close();
  });
});

describe("logs", () => {
  it("hold no PIN, passphrase or unmasked codice fiscale after everything above", () => {
    expect(logLines.length).toBeGreaterThan(CLIENTS);
    for (const line of logLines) {
      expect(line).not.toContain(holder.userPin);
      expect(line).not.toContain(WRONG_PIN);
      expect(line).not.toMatch(/"(pin|passphrase|password)":"[^"*]/i);
      expect(line).not.toMatch(CODICE_FISCALE);
    }
  });
});
