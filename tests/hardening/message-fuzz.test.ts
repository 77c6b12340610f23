import { PROTOCOL_LIMITS, PROTOCOL_VERSION } from "@cns-bridge/shared";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestAgent, TEST_EXTENSION_ORIGIN as EXTENSION, type TestAgent } from "../support/test-agent.js";

/** 100,000 in `npm run test:hardening`, 10,000 in `npm test`. */
const MESSAGES = process.env.CNS_HARDENING_FULL === "1" ? 100_000 : 10_000;
/** A reply slower than this counts as a hang. */
const REPLY_DEADLINE_MS = 5000;
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

const TYPES = [
  "hello",
  "tokens.list",
  "token.login",
  "token.logout",
  "certificate.get",
  "auth.sign",
  "sign.start",
  "sign.chunk",
  "sign.finish",
  "sign.fetch",
  "sign.cancel",
  "no.such.type",
];

const field = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.base64String({ maxLength: 200 }),
  fc.constantFrom("cades", "pades", "holder-rsa", "https://a.example.it", "__proto__", "constructor"),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** Requests shaped like the protocol's, with some fields swapped for hostile values. */
const mutatedRequest = fc
  .record(
    {
      v: fc.oneof(fc.constant(PROTOCOL_VERSION), field),
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), field),
      type: fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 20 })),
      extra: fc.dictionary(
        fc.constantFrom(
          "token",
          "pin",
          "origin",
          "nonce",
          "jobId",
          "seq",
          "data",
          "index",
          "size",
          "sha256",
          "format",
        ),
        field,
        { maxKeys: 6 },
      ),
    },
    { requiredKeys: ["type"] },
  )
  .map(({ extra, ...envelope }) => JSON.stringify({ ...envelope, ...extra }));

/** Anything at all: random JSON, truncated JSON, random text, deep nesting, huge numbers. */
const frame = fc.oneof(
  { weight: 5, arbitrary: mutatedRequest },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: mutatedRequest.map((text) => text.slice(0, Math.max(1, text.length >> 1))) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  },
);

let agent: TestAgent;

beforeAll(async () => {
  agent = await startTestAgent({ pollIntervalMs: 1000 });
});

afterAll(async () => agent.close());

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(agent.url, { origin: EXTENSION });
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Sends `frames` in windows the connection accepts at once; every frame must get one reply in time. */
async function sendAll(
  socket: WebSocket,
  frames: readonly string[],
): Promise<{ codes: Map<string, number>; internalBatches: (readonly string[])[] }> {
  const codes = new Map<string, number>();
  const internalBatches: (readonly string[])[] = [];
  const window = PROTOCOL_LIMITS.maxInFlightPerConnection;
  for (let start = 0; start < frames.length; start += window) {
    const batch = frames.slice(start, start + window);
    await new Promise<void>((resolve, reject) => {
      let pending = batch.length;
      const timer = setTimeout(
        () => reject(new Error(`no reply within ${REPLY_DEADLINE_MS} ms to ${JSON.stringify(batch)}`)),
        REPLY_DEADLINE_MS,
      );
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data)) as { id?: unknown; type: string; error?: { code: string } };
        if (reply.id === undefined) return; // a server event, not a reply
        const code = reply.error?.code ?? reply.type;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (code === "INTERNAL") internalBatches.push(batch);
        pending -= 1;
        if (pending === 0) {
          clearTimeout(timer);
          socket.off("message", onMessage);
          resolve();
        }
      };
      socket.on("message", onMessage);
      for (const text of batch) socket.send(text);
    });
  }
  return { codes, internalBatches };
}

let internalBatches: (readonly string[])[] = [];

describe("fuzzing the agent's message handling", () => {
  it(`answers ${MESSAGES} generated and mutated frames, each once, in time, memory bounded`, async () => {
    const socket = await open();
    const frames = fc.sample(frame, { numRuns: MESSAGES, seed: 20261123 });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const sent = await sendAll(socket, frames);
    const codes = sent.codes;
    internalBatches = sent.internalBatches;
    expect([...codes.values()].reduce((sum, count) => sum + count, 0)).toBe(MESSAGES);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    const { codes: after } = await sendAll(socket, [
      JSON.stringify({ v: PROTOCOL_VERSION, id: "x", type: "hello" }),
    ]);
    expect(after.get("hello.result")).toBe(1);
    socket.close();
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);

  it("never answers INTERNAL", () => {
    expect(internalBatches).toEqual([]);
  });
});
