import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { PROTOCOL_LIMITS } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { AgentClient, UpgradeRefused } from "../support/agent-client.js";
import { testLogDestination } from "../support/test-logs.js";
import { RecordingAgentService } from "./recording-agent-service.js";

const EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
const logLines: string[] = [];
const logFile = testLogDestination("agent-server");
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    logFile.write(chunk.toString());
    done();
  },
});

let server: RunningAgentServer;
let service: RecordingAgentService;
let url: string;

beforeAll(async () => {
  service = new RecordingAgentService();
  server = await startAgentServer({
    port: 0,
    allowedOrigins: [EXTENSION],
    service,
    logger: createAgentLogger({ destination: logSink }),
  });
  url = `ws://127.0.0.1:${server.port}/`;
});
afterAll(async () => server.close());

function rawUpgrade(headers: Record<string, string>, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: "127.0.0.1",
      port: server.port,
      path,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        ...headers,
      },
      setHost: false,
    });
    req.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 101, body: "" });
    });
    req.on("response", (response) => {
      let body = "";
      response.on("data", (piece: Buffer) => (body += piece.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("upgrade guard: Origin and Host", () => {
  const port = () => server.port;
  const variants: { name: string; headers: () => Record<string, string>; code: string }[] = [
    { name: "no Origin", headers: () => ({ Host: `127.0.0.1:${port()}` }), code: "ORIGIN_NOT_ALLOWED" },
    {
      name: "web page origin",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: "https://evil.example" }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "http localhost page",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: "http://localhost:8080" }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "null origin",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: "null" }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "file origin",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: "file://" }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "other extension",
      headers: () => ({
        Host: `127.0.0.1:${port()}`,
        Origin: "chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
      }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "allowed id with trailing slash",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: `${EXTENSION}/` }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "allowed id upper case",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: EXTENSION.toUpperCase() }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "allowed id as prefix",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: `${EXTENSION}x` }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "moz-extension not listed",
      headers: () => ({
        Host: `127.0.0.1:${port()}`,
        Origin: "moz-extension://1b2c3d4e-0000-4000-8000-000000000000",
      }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    {
      name: "extension scheme as http",
      headers: () => ({ Host: `127.0.0.1:${port()}`, Origin: "http://abcdefghijklmnopabcdefghijklmnop" }),
      code: "ORIGIN_NOT_ALLOWED",
    },
    { name: "no Host", headers: () => ({ Origin: EXTENSION }), code: "HOST_NOT_ALLOWED" },
    {
      name: "rebinding name",
      headers: () => ({ Host: `evil.example:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "rebinding to 127.0.0.1.nip.io",
      headers: () => ({ Host: `127.0.0.1.nip.io:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "host without port",
      headers: () => ({ Host: "127.0.0.1", Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "host with other port",
      headers: () => ({ Host: `127.0.0.1:${port() + 1}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "localhost subdomain",
      headers: () => ({ Host: `a.localhost:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "0.0.0.0",
      headers: () => ({ Host: `0.0.0.0:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "decimal IP",
      headers: () => ({ Host: `2130706433:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "127.0.0.2",
      headers: () => ({ Host: `127.0.0.2:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "user info in host",
      headers: () => ({ Host: `evil@127.0.0.1:${port()}`, Origin: EXTENSION }),
      code: "HOST_NOT_ALLOWED",
    },
    {
      name: "page origin and rebinding host",
      headers: () => ({ Host: `evil.example:${port()}`, Origin: "https://evil.example" }),
      code: "HOST_NOT_ALLOWED",
    },
  ];

  it.each(variants)("refuses $name with 403 $code", async ({ headers, code }) => {
    const result = await rawUpgrade(headers());
    expect(result.status).toBe(403);
    expect(JSON.parse(result.body)).toEqual({ error: { code } });
  });

  it("refuses forged subprotocols from a web origin", async () => {
    const result = await rawUpgrade({
      Host: `127.0.0.1:${server.port}`,
      Origin: "https://evil.example",
      "Sec-WebSocket-Protocol": "cns-bridge, chrome-extension",
    });
    expect(result.status).toBe(403);
  });

  it("accepts the extension through 127.0.0.1, localhost and [::1]", async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await rawUpgrade({ Host: host, Origin: EXTENSION })).status).toBe(101);
    }
  });

  it("refuses other paths", async () => {
    const result = await rawUpgrade({ Host: `127.0.0.1:${server.port}`, Origin: EXTENSION }, "/admin");
    expect(result.status).toBe(404);
  });

  it("rejects a real ws client from a web origin", async () => {
    await expect(AgentClient.connect(url, "https://evil.example")).rejects.toBeInstanceOf(UpgradeRefused);
  });
});

describe("plain HTTP", () => {
  it("serves /health with the version and no personal data", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["extensionConnections", "name", "protocol", "version"]);
  });

  it("answers 404 with a code elsewhere", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/tokens`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND" } });
  });
});

describe("messages", () => {
  it("answers hello with the agent and protocol versions", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const reply = await client.expectResult("hello", { client: "test" });
    expect(reply).toMatchObject({ type: "hello.result", protocol: 1, minProtocol: 1 });
    await client.close();
  });

  it("answers malformed frames with coded errors and stays up", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    expect((await client.sendRaw("{nope", null)).error).toMatchObject({ code: "PROTOCOL_BAD_JSON" });
    expect((await client.sendRaw('{"v":1,"id":"x1","type":"rm.rf"}', "x1")).error).toMatchObject({
      code: "PROTOCOL_UNKNOWN_TYPE",
    });
    expect((await client.sendRaw('{"v":7,"id":"x2","type":"hello"}', "x2")).error).toMatchObject({
      code: "PROTOCOL_VERSION_UNSUPPORTED",
    });
    const tooBig = JSON.stringify({ v: 1, id: "x3", type: "hello", pad: "a".repeat(1_500_001) });
    expect((await client.sendRaw(tooBig, "x3")).error).toMatchObject({ code: "PROTOCOL_FRAME_TOO_LARGE" });
    expect((await client.expectResult("hello")).type).toBe("hello.result");
    await client.close();
  });

  it("closes the connection on a frame past the hard limit", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const closed = client.closed;
    void client.sendRaw("x".repeat(3_000_000), null);
    expect(await closed).toBe(1009);
  });

  it("answers in Italian by default, with the code", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const reply = await client.request("sign.fetch", { jobId: "nope", index: 0 });
    expect(reply.error).toMatchObject({ code: "JOB_NOT_FOUND" });
    expect((reply.error as { message: string }).message).toMatch(/non trovata/);
    await client.close();
  });

  it("never writes the PIN to the log", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    await client.request("token.login", { token: "TEST", pin: "87654321" });
    await client.close();
    expect(logLines.join("")).not.toContain("87654321");
  });
});

describe("documents through the socket", () => {
  it("receives a file in chunks, checks its hash and returns the output in chunks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "agent-server-"));
    const path = join(dir, "doc.bin");
    const content = randomBytes(2 * 1024 * 1024 + 17);
    await writeFile(path, content);
    const client = await AgentClient.connect(url, EXTENSION);
    const pieces: Buffer[] = [];
    const finish = await client.signFile(path, { token: "TEST", format: "cades" }, (piece) => {
      pieces.push(piece);
    });
    expect(finish).toMatchObject({ type: "sign.finish.result", chunkCount: 3, outputName: "doc.bin.p7m" });
    expect(Buffer.concat(pieces).equals(content)).toBe(true);
    expect(finish.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("signs nothing when the content does not match the declared SHA-256", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const signedBefore = service.signed.length;
    const start = await client.expectResult("sign.start", {
      token: "TEST",
      format: "cades",
      fileName: "a.txt",
      size: 3,
      sha256: "0".repeat(64),
    });
    await client.expectResult("sign.chunk", {
      jobId: start.jobId,
      seq: 0,
      data: Buffer.from("abc").toString("base64"),
    });
    const finish = await client.request("sign.finish", { jobId: start.jobId });
    expect(finish.error).toMatchObject({ code: "JOB_HASH_MISMATCH" });
    expect(service.signed.length).toBe(signedBefore);
    await client.close();
  });

  it("refuses chunks out of order and more bytes than declared", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const start = await client.expectResult("sign.start", {
      token: "TEST",
      format: "cades",
      fileName: "a.txt",
      size: 2,
      sha256: "0".repeat(64),
    });
    const data = Buffer.from("abc").toString("base64");
    expect((await client.request("sign.chunk", { jobId: start.jobId, seq: 1, data })).error).toMatchObject({
      code: "JOB_OUT_OF_ORDER",
    });
    expect((await client.request("sign.chunk", { jobId: start.jobId, seq: 0, data })).error).toMatchObject({
      code: "JOB_SIZE_MISMATCH",
    });
    await client.close();
  });

  it("signs a small document sent inline: in memory, output in the finish reply, job closed", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const content = randomBytes(PROTOCOL_LIMITS.maxInlineBytes);
    const sha256 = createHash("sha256").update(content).digest("hex");
    const filesSignedBefore = service.signed.length;
    const start = await client.expectResult("sign.start", {
      token: "TEST",
      format: "cades",
      fileName: "piccolo.bin",
      size: content.length,
      sha256,
      content: content.toString("base64"),
    });
    const finish = await client.expectResult("sign.finish", { jobId: start.jobId });
    expect(finish).toMatchObject({
      outputName: "piccolo.bin.p7m",
      chunkCount: 0,
      sha256,
      outputSize: content.length,
    });
    expect(Buffer.from(finish.data as string, "base64").equals(content)).toBe(true);
    // Signed in memory: the file path (temp dir, input and output files) was not used.
    expect(service.signedInMemory.at(-1)).toMatchObject({ fileName: "piccolo.bin", format: "cades" });
    expect(service.signed.length).toBe(filesSignedBefore);
    // The job is gone once its output went out.
    expect((await client.request("sign.fetch", { jobId: start.jobId, index: 0 })).error).toMatchObject({
      code: "JOB_NOT_FOUND",
    });
    await client.close();
  });

  it("refuses inline content that is not what was declared, or followed by chunks, before signing", async () => {
    const client = await AgentClient.connect(url, EXTENSION);
    const signedBefore = service.signedInMemory.length;
    const content = Buffer.from("documento");
    const sha256 = createHash("sha256").update(content).digest("hex");
    const start = (fields: Record<string, unknown>) =>
      client.request("sign.start", { token: "TEST", format: "cades", fileName: "a.txt", ...fields });
    expect(
      (await start({ size: content.length + 1, sha256, content: content.toString("base64") })).error,
    ).toMatchObject({ code: "JOB_SIZE_MISMATCH" });
    expect(
      (await start({ size: content.length, sha256: "0".repeat(64), content: content.toString("base64") }))
        .error,
    ).toMatchObject({ code: "JOB_HASH_MISMATCH" });
    // Three bytes more make the base64 longer than the schema allows.
    const tooBig = Buffer.alloc(PROTOCOL_LIMITS.maxInlineBytes + 3);
    expect(
      (
        await start({
          size: tooBig.length,
          sha256: createHash("sha256").update(tooBig).digest("hex"),
          content: tooBig.toString("base64"),
        })
      ).error,
    ).toMatchObject({ code: "PROTOCOL_BAD_MESSAGE" });
    const inline = await start({ size: content.length, sha256, content: content.toString("base64") });
    expect(
      (await client.request("sign.chunk", { jobId: inline.jobId, seq: 0, data: "YQ==" })).error,
    ).toMatchObject({ code: "JOB_NOT_FOUND" });
    expect(service.signedInMemory.length).toBe(signedBefore);
    await client.expectResult("sign.cancel", { jobId: inline.jobId });
    await client.close();
  });

  it("limits requests in flight per connection", async () => {
    let release: () => void = () => undefined;
    service.signGate = new Promise((resolve) => (release = resolve));
    const client = await AgentClient.connect(url, EXTENSION);
    const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const jobs = [];
    for (let i = 0; i < 9; i += 1) {
      jobs.push(
        await client.expectResult("sign.start", {
          token: "TEST",
          format: "cades",
          fileName: `f${i}`,
          size: 0,
          sha256: empty,
        }),
      );
    }
    const finishes = jobs.map((job) => client.request("sign.finish", { jobId: job.jobId }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const replies = await Promise.all(finishes);
    const refused = replies.filter((reply) => reply.type === "error");
    expect(refused.length).toBe(1);
    expect(refused[0]?.error).toMatchObject({ code: "PROTOCOL_TOO_MANY_REQUESTS" });
    await client.close();
  });
});

describe("idle connections", () => {
  it("are closed after the idle timeout, and the agent keeps serving others", async () => {
    const idleService = new RecordingAgentService();
    const idleServer = await startAgentServer({
      port: 0,
      allowedOrigins: [EXTENSION],
      service: idleService,
      logger: createAgentLogger({ destination: testLogDestination("agent-server-second") }),
      idleTimeoutMs: 150,
    });
    try {
      const client = await AgentClient.connect(`ws://127.0.0.1:${idleServer.port}/`, EXTENSION);
      const closed = client.closed;
      expect((await client.expectResult("hello")).type).toBe("hello.result");
      expect(await closed).toBe(4000);
      const again = await AgentClient.connect(`ws://127.0.0.1:${idleServer.port}/`, EXTENSION);
      expect((await again.expectResult("hello")).type).toBe("hello.result");
      await again.close();
    } finally {
      await idleServer.close();
    }
  });
});
