import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { type AgentEvent, PROTOCOL_LIMITS, PROTOCOL_VERSION, replySchema } from "@cns-bridge/shared";
import WebSocket from "ws";

type Reply = { type: string; id: string | null; [key: string]: unknown };

/**
 * A Node client of the agent protocol, as the extension's background speaks it: request/reply
 * by id, server events, and whole-file signing through sign.start/chunk/finish/fetch.
 */
export class AgentClient {
  readonly events: AgentEvent[] = [];
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, (reply: Reply) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as Reply;
      if (message.id === undefined) {
        this.events.push(message as unknown as AgentEvent);
        return;
      }
      const resolve = message.id === null ? undefined : this.#pending.get(message.id);
      if (resolve !== undefined && message.id !== null) {
        this.#pending.delete(message.id);
        resolve(message);
      } else {
        this.events.push(message as unknown as AgentEvent);
      }
    });
  }

  static connect(url: string, origin: string, headers: Record<string, string> = {}): Promise<AgentClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin, headers });
      socket.once("open", () => resolve(new AgentClient(socket)));
      socket.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (piece: Buffer) => (body += piece.toString()));
        response.on("end", () => reject(new UpgradeRefused(response.statusCode ?? 0, body)));
      });
      socket.once("error", reject);
    });
  }

  /** Sends a raw text frame (for hostile-input tests) and waits for the reply with `id`. */
  sendRaw(frame: string, id: string | null): Promise<Reply> {
    return new Promise((resolve) => {
      if (id !== null) this.#pending.set(id, resolve);
      else {
        const before = this.events.length;
        const poll = setInterval(() => {
          if (this.events.length > before) {
            clearInterval(poll);
            resolve(this.events[this.events.length - 1] as unknown as Reply);
          }
        }, 5);
      }
      this.#socket.send(frame);
    });
  }

  async request(type: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const id = `r${this.#nextId++}`;
    const reply = await this.sendRaw(JSON.stringify({ v: PROTOCOL_VERSION, id, type, ...fields }), id);
    replySchema.parse(reply);
    return reply;
  }

  async expectResult(type: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const reply = await this.request(type, fields);
    if (reply.type !== `${type}.result`) throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Signs one file through the socket, streaming it in chunks; returns the signed bytes' path content. */
  async signFile(
    path: string,
    options: {
      token: string;
      format: "cades" | "pades";
      detached?: boolean;
      fileName?: string;
      /** false sends even a small document in chunks (the large-document path). */
      inline?: boolean;
    },
    writeOutput: (piece: Buffer) => Promise<void> | void,
  ): Promise<Reply> {
    const handle = await open(path, "r");
    const size = (await handle.stat()).size;
    await handle.close();
    const sha256 = await sha256OfFile(path);
    // As the extension does: a small document goes inline (no sign.chunk), unless the test asks
    // for the chunked path.
    const inline = size <= PROTOCOL_LIMITS.maxInlineBytes && options.inline !== false;
    const start = await this.expectResult("sign.start", {
      token: options.token,
      format: options.format,
      detached: options.detached ?? false,
      fileName: options.fileName ?? path.split("/").pop(),
      size,
      sha256,
      ...(inline ? { content: (await readFile(path)).toString("base64") } : {}),
    });
    const jobId = start.jobId as string;
    let seq = 0;
    for await (const piece of inline
      ? []
      : createReadStream(path, { highWaterMark: PROTOCOL_LIMITS.chunkBytes })) {
      await this.expectResult("sign.chunk", { jobId, seq, data: (piece as Buffer).toString("base64") });
      seq += 1;
    }
    const finish = await this.request("sign.finish", { jobId });
    if (finish.type !== "sign.finish.result") return finish;
    if (typeof finish.data === "string") await writeOutput(Buffer.from(finish.data, "base64"));
    for (let index = 0; index < (finish.chunkCount as number); index += 1) {
      const piece = await this.expectResult("sign.fetch", { jobId, index });
      await writeOutput(Buffer.from(piece.data as string, "base64"));
    }
    return finish;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.once("close", () => resolve());
      this.#socket.close();
    });
  }

  get closed(): Promise<number> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve(1006);
      this.#socket.once("close", (code) => resolve(code));
    });
  }
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused: ${status} ${body}`);
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    hash.update(piece as Buffer);
  return hash.digest("hex");
}
