import { createChallenge } from "@cns-bridge/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CKR } from "../../agent/src/pkcs11/ckr-values.js";
import { Pkcs11CallError } from "../../agent/src/pkcs11/pkcs11-call-error.js";
import type { Pkcs11Handle } from "../../agent/src/pkcs11/pkcs11-module.js";
import { interceptPkcs11Module } from "../agent/support/intercept-pkcs11-module.js";
import type { TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { startTestAgent, TEST_EXTENSION_ORIGIN as EXTENSION, type TestAgent } from "../support/test-agent.js";

/** 5 s in `npm run test:hardening`, a short delay in `npm test`. */
const SLOW_MS = process.env.CNS_HARDENING_FULL === "1" ? 5000 : 300;
/** The agent's time limit per token operation here: a slow token is still within it. */
const CALL_TIMEOUT_MS = SLOW_MS + 1000;

/** What C_Sign does on the next calls: pass through, fail with a CK_RV, wait, or (once) hang until released. */
type SignFault =
  | { kind: "none" }
  | { kind: "fail"; rv: number }
  | { kind: "slow"; ms: number }
  | { kind: "hang"; release: Promise<void> };

let fault: SignFault = { kind: "none" };
let agent: TestAgent;
let holder: TestToken;
let client: AgentClient;

beforeAll(async () => {
  agent = await startTestAgent({
    pollIntervalMs: 50,
    callTimeoutMs: CALL_TIMEOUT_MS,
    wrapModule: (inner) =>
      interceptPkcs11Module(inner, {
        sign: async (session: Pkcs11Handle, data: Uint8Array) => {
          const current = fault;
          if (current.kind === "fail") {
            // A failing C_Sign ends the active operation (PKCS#11 5.2): run it, then report the fault.
            await inner.sign(session, data).catch(() => undefined);
            throw new Pkcs11CallError(current.rv, "C_Sign");
          }
          if (current.kind === "slow") await new Promise((resolve) => setTimeout(resolve, current.ms));
          if (current.kind === "hang") {
            fault = { kind: "none" };
            await current.release;
          }
          return inner.sign(session, data);
        },
      }),
  });
  holder = agent.manifest.tokens["holder-rsa"] as TestToken;
  client = await AgentClient.connect(agent.url, EXTENSION);
});

afterEach(() => {
  fault = { kind: "none" };
});

afterAll(async () => {
  await client.close();
  await agent.close();
});

function authSign(target: AgentClient = client) {
  return target.request("auth.sign", {
    token: holder.label,
    origin: "https://a.example.it",
    nonce: createChallenge().nonce,
  });
}

function isTimeout(reply: Record<string, unknown>): boolean {
  return (reply.error as { code?: string } | undefined)?.code === "TOKEN_TIMEOUT";
}

/** After a fault: the agent answers, the token's queue is free, and a login + signature succeed. */
async function expectRecovered(): Promise<void> {
  expect((await client.expectResult("hello")).type).toBe("hello.result");
  const next = await authSign();
  if (next.type !== "auth.sign.result") {
    expect(next.error).toMatchObject({ code: expect.stringMatching(/NOT_LOGGED_IN|SESSION_CLOSED/) });
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    expect((await authSign()).type).toBe("auth.sign.result");
  }
}

describe("fault injection through the Pkcs11Module interface", () => {
  it("signs normally before any fault", async () => {
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    expect((await authSign()).type).toBe("auth.sign.result");
  });

  it.each([
    ["CKR_DEVICE_ERROR", CKR.DEVICE_ERROR, "DEVICE_ERROR"],
    ["CKR_SESSION_HANDLE_INVALID", CKR.SESSION_HANDLE_INVALID, "SESSION_CLOSED"],
    ["CKR_DEVICE_REMOVED during the signature", CKR.DEVICE_REMOVED, "TOKEN_REMOVED"],
  ])("%s in C_Sign: coded error, agent up, queue free, next request works", async (_name, rv, code) => {
    fault = { kind: "fail", rv };
    const reply = await authSign();
    expect(reply.type).toBe("error");
    expect(reply.error).toMatchObject({ code });
    fault = { kind: "none" };
    await expectRecovered();
  });

  it(
    "a slow token delays its own replies only; the agent keeps answering meanwhile",
    async () => {
      fault = { kind: "slow", ms: SLOW_MS };
      const started = Date.now();
      const slow = authSign();
      const other = await AgentClient.connect(agent.url, EXTENSION);
      expect((await other.expectResult("hello")).type).toBe("hello.result");
      expect(Date.now() - started).toBeLessThan(SLOW_MS);
      expect((await slow).type).toBe("auth.sign.result");
      expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 20);
      await other.close();
      fault = { kind: "none" };
      await expectRecovered();
    },
    SLOW_MS + 10_000,
  );

  it(
    "a hung C_Sign: TOKEN_TIMEOUT at the limit, nothing waits behind it, other tokens and requests go on, and the token works again once the call returns",
    async () => {
      let release = (): void => undefined;
      fault = { kind: "hang", release: new Promise<void>((resolve) => (release = resolve)) };
      const started = Date.now();
      const hung = authSign();
      const queued = authSign();
      const [hungReply, queuedReply] = await Promise.all([
        hung.then((reply) => ({ reply, at: Date.now() - started })),
        queued.then((reply) => ({ reply, at: Date.now() - started })),
      ]);
      expect(hungReply.reply.error).toMatchObject({ code: "TOKEN_TIMEOUT" });
      expect(hungReply.at).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS - 20);
      // The request queued behind the hung one is answered right away, not after another limit.
      expect(queuedReply.reply.error).toMatchObject({ code: "TOKEN_TIMEOUT" });
      expect(queuedReply.at - hungReply.at).toBeLessThan(CALL_TIMEOUT_MS / 2);

      // While the call is still hung: this token is refused at once, everything else answers.
      const refusedAt = Date.now();
      expect((await authSign()).error).toMatchObject({ code: "TOKEN_TIMEOUT" });
      expect(Date.now() - refusedAt).toBeLessThan(CALL_TIMEOUT_MS / 2);
      const other = await AgentClient.connect(agent.url, EXTENSION);
      expect((await other.expectResult("hello")).type).toBe("hello.result");
      const second = agent.manifest.tokens["second-holder"] as TestToken;
      // The list leaves out only the token that stopped answering.
      const listed = ((await other.expectResult("tokens.list")).tokens as { label: string }[]).map(
        (t) => t.label,
      );
      expect(listed).toContain(second.label);
      expect(listed).not.toContain(holder.label);
      expect(
        (await other.request("token.login", { token: holder.label, pin: holder.userPin })).error,
      ).toMatchObject({
        code: "TOKEN_TIMEOUT",
      });
      await other.expectResult("token.login", { token: second.label, pin: second.userPin });
      const otherToken = await other.request("auth.sign", {
        token: second.label,
        origin: "https://a.example.it",
        nonce: createChallenge().nonce,
      });
      expect(otherToken.type).toBe("auth.sign.result");
      await other.close();

      // The module answers at last: its session is closed, and a new login signs again.
      release();
      let next = await authSign();
      for (let tries = 0; tries < 50 && isTimeout(next); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        next = await authSign();
      }
      expect(next.error).toMatchObject({ code: "USER_NOT_LOGGED_IN" });
      await expectRecovered();
    },
    CALL_TIMEOUT_MS + 10_000,
  );
});
