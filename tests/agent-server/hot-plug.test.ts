import { createChallenge } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CKR } from "../../agent/src/pkcs11/ckr-values.js";
import { Pkcs11CallError } from "../../agent/src/pkcs11/pkcs11-call-error.js";
import type { Pkcs11Handle, Pkcs11Module } from "../../agent/src/pkcs11/pkcs11-module.js";
import type { TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { startTestAgent, TEST_EXTENSION_ORIGIN as EXTENSION, type TestAgent } from "../support/test-agent.js";

/**
 * The real SoftHSM2 module with a switch that makes the token vanish, as a card pulled out of its
 * reader does: no slots listed, and every call on the old sessions answers CKR_DEVICE_REMOVED.
 */
class RemovableTokenModule implements Pkcs11Module {
  removed = false;
  constructor(private readonly inner: Pkcs11Module) {}
  get path() {
    return this.inner.path;
  }
  #check(method: string): void {
    if (this.removed) throw new Pkcs11CallError(CKR.DEVICE_REMOVED, method);
  }
  getLibraryInfo() {
    return this.inner.getLibraryInfo();
  }
  async getSlots(tokenPresent: boolean) {
    return this.removed ? [] : this.inner.getSlots(tokenPresent);
  }
  async getSlotInfo(slot: Pkcs11Handle) {
    this.#check("C_GetSlotInfo");
    return this.inner.getSlotInfo(slot);
  }
  async getTokenInfo(slot: Pkcs11Handle) {
    this.#check("C_GetTokenInfo");
    return this.inner.getTokenInfo(slot);
  }
  async getMechanisms(slot: Pkcs11Handle) {
    this.#check("C_GetMechanismList");
    return this.inner.getMechanisms(slot);
  }
  async openSession(slot: Pkcs11Handle) {
    this.#check("C_OpenSession");
    return this.inner.openSession(slot);
  }
  closeSession(session: Pkcs11Handle) {
    return this.inner.closeSession(session);
  }
  async login(session: Pkcs11Handle, userType: Parameters<Pkcs11Module["login"]>[1], pin: string) {
    this.#check("C_Login");
    return this.inner.login(session, userType, pin);
  }
  logout(session: Pkcs11Handle) {
    return this.inner.logout(session);
  }
  async findObjects(session: Pkcs11Handle, template: Parameters<Pkcs11Module["findObjects"]>[1]) {
    this.#check("C_FindObjects");
    return this.inner.findObjects(session, template);
  }
  async getAttribute(session: Pkcs11Handle, object: Pkcs11Handle, type: number) {
    this.#check("C_GetAttributeValue");
    return this.inner.getAttribute(session, object, type);
  }
  async signInit(session: Pkcs11Handle, mechanism: number, key: Pkcs11Handle) {
    this.#check("C_SignInit");
    return this.inner.signInit(session, mechanism, key);
  }
  async sign(session: Pkcs11Handle, data: Uint8Array) {
    this.#check("C_Sign");
    return this.inner.sign(session, data);
  }
  finalize() {
    return this.inner.finalize();
  }
}

let agent: TestAgent;
let module: RemovableTokenModule | undefined;
let holder: TestToken;

function removable(): RemovableTokenModule {
  if (module === undefined) throw new Error("the agent was not started");
  return module;
}

beforeAll(async () => {
  agent = await startTestAgent({
    pollIntervalMs: 50,
    wrapModule: (real) => {
      module = new RemovableTokenModule(real);
      return module;
    },
  });
  holder = agent.manifest.tokens["holder-rsa"] as TestToken;
});

afterAll(async () => agent.close());

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("hot-plug", () => {
  it("pushes token.removed and token.inserted within a second, and a removed token fails cleanly", async () => {
    const client = await AgentClient.connect(agent.url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });

    removable().removed = true;
    await until(() => client.events.some((event) => event.type === "token.removed"));
    const failed = await client.request("auth.sign", {
      token: holder.label,
      origin: "https://a.example.it",
      nonce: createChallenge().nonce,
    });
    expect(failed.error).toMatchObject({ code: "TOKEN_NOT_PRESENT" });

    removable().removed = false;
    await until(() => client.events.some((event) => event.type === "token.inserted"));
    // The session died with the removal: the holder must type the PIN again, nothing is reused.
    const again = await client.request("auth.sign", {
      token: holder.label,
      origin: "https://a.example.it",
      nonce: createChallenge().nonce,
    });
    expect(again.error).toMatchObject({ code: "USER_NOT_LOGGED_IN" });
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    expect(
      (
        await client.request("auth.sign", {
          token: holder.label,
          origin: "https://a.example.it",
          nonce: createChallenge().nonce,
        })
      ).type,
    ).toBe("auth.sign.result");
    await client.close();
  });

  it("answers TOKEN_REMOVED when the card goes away in the middle of a signature, and stays up", async () => {
    const client = await AgentClient.connect(agent.url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    const token = removable();
    const originalSign = token.sign.bind(token);
    token.sign = async (session, data) => {
      token.removed = true;
      return originalSign(session, data);
    };
    const reply = await client.request("auth.sign", {
      token: holder.label,
      origin: "https://a.example.it",
      nonce: createChallenge().nonce,
    });
    expect(reply.error).toMatchObject({ code: "TOKEN_REMOVED" });
    token.sign = originalSign;
    token.removed = false;
    expect((await client.expectResult("hello")).type).toBe("hello.result");
    await client.close();
  });
});
