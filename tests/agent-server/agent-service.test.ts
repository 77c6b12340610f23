import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createChallenge, isCnsBridgeError, verifyAuthToken } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestPkiManifest, TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";
import { opensslVerifyP7m } from "../support/openssl-cms.js";
import { startTestAgent, TEST_EXTENSION_ORIGIN as EXTENSION, type TestAgent } from "../support/test-agent.js";

const ORIGIN = "https://portale.example.it";

let agent: TestAgent;
let manifest: TestPkiManifest;
let holder: TestToken;
let ecHolder: TestToken;
let expired: TestToken;
let url: string;
let dir: string;
const trustedCAs: string[] = [];

beforeAll(async () => {
  agent = await startTestAgent();
  ({ manifest, url, dir } = agent);
  holder = manifest.tokens["holder-rsa"] as TestToken;
  ecHolder = manifest.tokens["holder-ec"] as TestToken;
  expired = manifest.tokens.expired as TestToken;
  trustedCAs.push(await readFile(manifest.ca.bundlePem, "utf8"));
});

afterAll(async () => agent.close());

async function authenticate(client: AgentClient, token: TestToken, origin = ORIGIN) {
  const challenge = createChallenge();
  const reply = await client.expectResult("auth.sign", {
    token: token.label,
    origin,
    nonce: challenge.nonce,
  });
  return { challenge, authToken: reply.authToken };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isCnsBridgeError(error)) return error.code;
    throw error;
  }
  return "ACCEPTED";
}

describe("the agent on the test CNS, through the socket", () => {
  it("lists the tokens with both certificates classified, without a PIN", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const reply = await client.expectResult("tokens.list");
    const token = (
      reply.tokens as {
        label: string;
        certificates: { usage: string; holder: { codiceFiscale: string } }[];
      }[]
    ).find((t) => t.label === holder.label);
    expect(token?.certificates.map((c) => c.usage).sort()).toEqual(["authentication", "signature"]);
    expect(token?.certificates.every((c) => c.holder.codiceFiscale === holder.holder.codiceFiscale)).toBe(
      true,
    );
    await client.close();
  });

  it("reports a wrong PIN once and does not log in", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const reply = await client.request("token.login", { token: holder.label, pin: "00000000" });
    expect(reply.error).toMatchObject({ code: "PIN_INCORRECT" });
    // The PIN state is pushed to every extension connection, so each window can show it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.events).toContainEqual(
      expect.objectContaining({ type: "pin.state", label: holder.label, loggedIn: false }),
    );
    expect(
      (
        await client.request("auth.sign", {
          token: holder.label,
          origin: ORIGIN,
          nonce: createChallenge().nonce,
        })
      ).error,
    ).toMatchObject({
      code: "USER_NOT_LOGGED_IN",
    });
    await client.close();
  });

  it("authenticates: the portal's verifyAuthToken accepts the token and finds the holder", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    const { challenge, authToken } = await authenticate(client, holder);
    const verified = await verifyAuthToken({
      token: authToken,
      expectedOrigin: ORIGIN,
      nonce: challenge,
      trustedCAs,
    });
    expect(verified.codiceFiscale).toBe(holder.holder.codiceFiscale);
    // Replay of the same token and challenge.
    expect(
      await refusal(
        verifyAuthToken({ token: authToken, expectedOrigin: ORIGIN, nonce: challenge, trustedCAs }),
      ),
    ).toBe("AUTH_TOKEN_CHALLENGE_REUSED");
    await client.close();
  });

  it("authenticates with an EC key too", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    await client.expectResult("token.login", { token: ecHolder.label, pin: ecHolder.userPin });
    const { challenge, authToken } = await authenticate(client, ecHolder);
    expect((authToken as { algorithm: string }).algorithm).toBe("ES256");
    const verified = await verifyAuthToken({
      token: authToken,
      expectedOrigin: ORIGIN,
      nonce: challenge,
      trustedCAs,
    });
    expect(verified.codiceFiscale).toBe(ecHolder.holder.codiceFiscale);
    await client.close();
  });

  it("makes auth tokens a portal must refuse", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    await client.expectResult("token.login", { token: expired.label, pin: expired.userPin });
    const signatureCertificate = (await readFile(holder.certificates.signature?.derPath ?? "")).toString(
      "base64",
    );
    const flipByte = (token: { signature: string }) => {
      const bytes = Buffer.from(token.signature, "base64");
      bytes[10] = (bytes[10] ?? 0) ^ 0xff;
      return { ...token, signature: bytes.toString("base64") };
    };
    const cases: {
      name: string;
      token: TestToken;
      origin?: string;
      change?: (token: { signature: string }) => object;
      options?: Partial<Parameters<typeof verifyAuthToken>[0]>;
      now?: (issuedAt: number) => Date;
      code: string;
    }[] = [
      {
        name: "made for another origin",
        token: holder,
        origin: "https://evil.example",
        code: "AUTH_TOKEN_SIGNATURE_INVALID",
      },
      { name: "expired certificate", token: expired, code: "AUTH_TOKEN_CERTIFICATE_EXPIRED" },
      {
        name: "certificate of a CA the portal does not trust",
        token: holder,
        options: { trustedCAs: [await readFile(manifest.ca.signatureCaPem, "utf8")] },
        code: "AUTH_TOKEN_CERTIFICATE_UNTRUSTED",
      },
      { name: "tampered signature", token: holder, change: flipByte, code: "AUTH_TOKEN_SIGNATURE_INVALID" },
      {
        name: "signature certificate instead of the authentication one",
        token: holder,
        change: (token) => ({ ...token, unverifiedCertificate: signatureCertificate }),
        code: "AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE",
      },
      {
        name: "answered after five minutes",
        token: holder,
        now: (issuedAt) => new Date(issuedAt + 6 * 60 * 1000),
        code: "AUTH_TOKEN_CHALLENGE_EXPIRED",
      },
    ];
    for (const refused of cases) {
      const made = await authenticate(client, refused.token, refused.origin);
      const token = refused.change?.(made.authToken as { signature: string }) ?? made.authToken;
      const verdict = await refusal(
        verifyAuthToken({
          token,
          expectedOrigin: ORIGIN,
          nonce: made.challenge,
          trustedCAs,
          ...(refused.now === undefined ? {} : { now: refused.now(made.challenge.issuedAt) }),
          ...refused.options,
        }),
      );
      expect(verdict, refused.name).toBe(refused.code);
    }
    await client.close();
  });

  it("signs a 100 MiB file through the socket as a .p7m that openssl verifies", async () => {
    const path = join(dir, "grande.bin");
    const out = join(dir, "grande.bin.p7m");
    const piece = randomBytes(1024 * 1024);
    const stream = createWriteStream(path);
    for (let i = 0; i < 100; i += 1) stream.write(piece);
    await new Promise((resolve) => stream.end(resolve));

    const client = await AgentClient.connect(url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    const output = createWriteStream(out);
    const finish = await client.signFile(path, { token: holder.label, format: "cades" }, (chunk) => {
      output.write(chunk);
    });
    await new Promise((resolve) => output.end(resolve));
    expect(finish, JSON.stringify(finish)).toMatchObject({
      type: "sign.finish.result",
      outputName: "grande.bin.p7m",
    });
    await opensslVerifyP7m(out, manifest.ca.bundlePem, join(dir, "back.bin"));
    await client.close();
  }, 120_000);

  it("serializes concurrent clients on one token, each reply to its own request", async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => AgentClient.connect(url, EXTENSION)));
    await clients[0]?.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    const docs = await Promise.all(
      clients.map(async (_client, index) => {
        const path = join(dir, `doc-${index}.txt`);
        await writeFile(path, `documento numero ${index}`);
        return path;
      }),
    );
    const outputs = await Promise.all(
      clients.map(async (client, index) => {
        const chunks: Buffer[] = [];
        await client.signFile(docs[index] ?? "", { token: holder.label, format: "cades" }, (chunk) => {
          chunks.push(chunk);
        });
        const out = join(dir, `doc-${index}.p7m`);
        await writeFile(out, Buffer.concat(chunks));
        return out;
      }),
    );
    for (const [index, out] of outputs.entries()) {
      expect(await opensslVerifyP7m(out, manifest.ca.bundlePem)).toBe(`documento numero ${index}`);
    }
    await Promise.all(clients.map((client) => client.close()));
  });

  it("logs out on request: signing needs the PIN again", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    await client.expectResult("token.logout", { token: holder.label });
    expect(
      (
        await client.request("auth.sign", {
          token: holder.label,
          origin: ORIGIN,
          nonce: createChallenge().nonce,
        })
      ).error,
    ).toMatchObject({
      code: "USER_NOT_LOGGED_IN",
    });
    await client.close();
  });
});
