import { createChallenge } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pkcs11Module } from "../../agent/src/pkcs11/pkcs11-module.js";
import { interceptPkcs11Module } from "../agent/support/intercept-pkcs11-module.js";
import type { TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { startTestAgent, TEST_EXTENSION_ORIGIN as EXTENSION, type TestAgent } from "../support/test-agent.js";

/** Every module call the agent makes, by method name. */
const calls: string[] = [];
let agent: TestAgent;
let holder: TestToken;
let client: AgentClient;

function counting(inner: Pkcs11Module): Pkcs11Module {
  const overrides: Record<string, unknown> = {};
  for (const name of Object.keys(interceptPkcs11Module(inner, {})) as (keyof Pkcs11Module)[]) {
    if (name === "path") continue;
    overrides[name] = (...args: unknown[]) => {
      calls.push(name);
      return (inner[name] as (...a: unknown[]) => unknown).apply(inner, args);
    };
  }
  return interceptPkcs11Module(inner, overrides);
}

beforeAll(async () => {
  agent = await startTestAgent({ wrapModule: counting });
  holder = agent.manifest.tokens["holder-rsa"] as TestToken;
  client = await AgentClient.connect(agent.url, EXTENSION);
});

afterAll(async () => {
  await client.close();
  await agent.close();
});

function authSign(token: string) {
  return client.request("auth.sign", {
    token,
    origin: "https://a.example.it",
    nonce: createChallenge().nonce,
  });
}

describe("the logged-in session serves signatures without looking the token up again", () => {
  it("reads the key and certificate once per login; each later auth.sign is C_SignInit + C_Sign only", async () => {
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    expect((await authSign(holder.label)).type).toBe("auth.sign.result");
    calls.length = 0;
    for (const selector of [holder.label, holder.serial, holder.label]) {
      expect((await authSign(selector)).type).toBe("auth.sign.result");
    }
    expect(calls).toEqual(["signInit", "sign", "signInit", "sign", "signInit", "sign"]);
  });

  it("after logout the same selector is refused, and another login reads the token again", async () => {
    await client.expectResult("token.logout", { token: holder.label });
    const refused = await authSign(holder.label);
    expect(refused.type).toBe("error");
    expect(refused.error).toMatchObject({ code: "USER_NOT_LOGGED_IN" });
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    calls.length = 0;
    expect((await authSign(holder.label)).type).toBe("auth.sign.result");
    expect(calls).toContain("findObjects");
  });

  it("a selector naming a token without a session still goes through the full lookup", async () => {
    const other = agent.manifest.tokens["second-holder"] as TestToken;
    calls.length = 0;
    const refused = await authSign(other.label);
    expect(refused.error).toMatchObject({ code: "USER_NOT_LOGGED_IN" });
    expect(calls).toContain("getSlots");
    const unknown = await authSign("NO SUCH TOKEN");
    expect(unknown.error).toMatchObject({ code: "TOKEN_NOT_FOUND" });
  });
});
