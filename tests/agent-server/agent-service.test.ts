import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createChallenge, isCnsBridgeError, verifyAuthToken } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { signDocumentFile } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { AgentClient } from "../support/agent-client.js";

const run = promisify(execFile);
const EXTENSION = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme";
const ORIGIN = "https://portale.example.it";
// A private copy: a wrong PIN leaves SoftHSM2's count-low flag on the token, which other test
// files (the doctor's "valid CNS") must not see.
let manifest: TestPkiManifest = loadTestPki();
const holder = manifest.tokens["holder-rsa"] as TestToken;
const ecHolder = manifest.tokens["holder-ec"] as TestToken;
const expired = manifest.tokens.expired as TestToken;

let server: RunningAgentServer;
let service: TokenService;
let url: string;
let dir: string;
const trustedCAs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-service-"));
  manifest = await cloneTestPki(manifest, join(dir, "pki"));
  process.env.SOFTHSM2_CONF = manifest.softhsm2Conf;
  trustedCAs.push(await readFile(manifest.ca.bundlePem, "utf8"));
  const module = openPkcs11Module(manifest.modulePath);
  service = new TokenService({
    module,
    logger: createAgentLogger({ level: "silent" }),
    signDocumentFile,
    pollIntervalMs: 0,
  });
  server = await startAgentServer({
    port: 0,
    allowedOrigins: [EXTENSION],
    service,
    logger: createAgentLogger({ level: "silent" }),
  });
  url = `ws://127.0.0.1:${server.port}/`;
});

afterAll(async () => {
  await server.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

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

    const other = await authenticate(client, holder, "https://evil.example");
    expect(
      await refusal(
        verifyAuthToken({
          token: other.authToken,
          expectedOrigin: ORIGIN,
          nonce: other.challenge,
          trustedCAs,
        }),
      ),
    ).toBe("AUTH_TOKEN_SIGNATURE_INVALID");

    const old = await authenticate(client, expired);
    expect(
      await refusal(
        verifyAuthToken({ token: old.authToken, expectedOrigin: ORIGIN, nonce: old.challenge, trustedCAs }),
      ),
    ).toBe("AUTH_TOKEN_CERTIFICATE_EXPIRED");

    const fresh = await authenticate(client, holder);
    const otherCa = [await readFile(manifest.ca.signatureCaPem, "utf8")];
    expect(
      await refusal(
        verifyAuthToken({
          token: fresh.authToken,
          expectedOrigin: ORIGIN,
          nonce: fresh.challenge,
          trustedCAs: otherCa,
        }),
      ),
    ).toBe("AUTH_TOKEN_CERTIFICATE_UNTRUSTED");

    const tampered = await authenticate(client, holder);
    const token = tampered.authToken as { signature: string };
    const bytes = Buffer.from(token.signature, "base64");
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    expect(
      await refusal(
        verifyAuthToken({
          token: { ...token, signature: bytes.toString("base64") },
          expectedOrigin: ORIGIN,
          nonce: tampered.challenge,
          trustedCAs,
        }),
      ),
    ).toBe("AUTH_TOKEN_SIGNATURE_INVALID");

    const swapped = await authenticate(client, holder);
    const signatureCertificate = (await readFile(holder.certificates.signature?.derPath ?? "")).toString(
      "base64",
    );
    expect(
      await refusal(
        verifyAuthToken({
          token: { ...(swapped.authToken as object), unverifiedCertificate: signatureCertificate },
          expectedOrigin: ORIGIN,
          nonce: swapped.challenge,
          trustedCAs,
        }),
      ),
    ).toBe("AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE");

    const late = await authenticate(client, holder);
    expect(
      await refusal(
        verifyAuthToken({
          token: late.authToken,
          expectedOrigin: ORIGIN,
          nonce: late.challenge,
          trustedCAs,
          now: new Date(late.challenge.issuedAt + 6 * 60 * 1000),
        }),
      ),
    ).toBe("AUTH_TOKEN_CHALLENGE_EXPIRED");
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
    const verified = await run(
      "openssl",
      [
        "cms",
        "-verify",
        "-inform",
        "DER",
        "-in",
        out,
        "-CAfile",
        manifest.ca.bundlePem,
        "-purpose",
        "any",
        "-out",
        join(dir, "back.bin"),
      ],
      { maxBuffer: 1024 * 1024 },
    );
    expect(verified.stderr).toContain("Verification successful");
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
      const { stdout } = await run("openssl", [
        "cms",
        "-verify",
        "-inform",
        "DER",
        "-in",
        out,
        "-CAfile",
        manifest.ca.bundlePem,
        "-purpose",
        "any",
      ]);
      expect(stdout).toBe(`documento numero ${index}`);
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
