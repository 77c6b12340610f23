import {
  type AgentEvent,
  type AgentRequest,
  CnsBridgeError,
  type Language,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  isCnsBridgeError,
  parseRequestFrame,
  requestIdOf,
} from "@cns-bridge/shared";
import type { RawData, WebSocket } from "ws";
import type { AgentLogger } from "../logging/logger.js";
import type { AgentService } from "../service/agent-service.js";
import { type HandlerContext, handlers } from "./handlers/index.js";
import { SignJobs } from "./sign-jobs.js";

/** An event without its version field (distributes over the union, unlike Omit). */
export type EventBody = AgentEvent extends infer E ? (E extends AgentEvent ? Omit<E, "v"> : never) : never;

export interface ConnectionOptions {
  readonly socket: WebSocket;
  readonly origin: string;
  readonly service: AgentService;
  readonly logger: AgentLogger;
  readonly language: Language;
  readonly idleTimeoutMs?: number;
}

/**
 * One extension connection: turns frames into validated requests, enforces the per-connection
 * bounds (frame size, requests in flight, idle time), routes each request to its handler and
 * each reply to its request id. Nothing a client sends can throw out of here.
 */
export class AgentConnection {
  readonly #options: ConnectionOptions;
  readonly #context: HandlerContext;
  readonly #jobs: SignJobs;
  #inFlight = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #disposed: Promise<void> | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#jobs = new SignJobs(options.service);
    this.#context = {
      service: options.service,
      jobs: this.#jobs,
      origin: options.origin,
      logger: options.logger,
    };
    options.socket.on("message", (data, isBinary) => this.#onMessage(data, isBinary));
    options.socket.on("close", () => void this.dispose());
    options.socket.on("error", (error) => options.logger.warn({ err: error }, "socket error"));
    this.#touch();
  }

  /** Pushes a server event (token inserted/removed, PIN state) to this client. */
  sendEvent(event: EventBody): void {
    this.#send({ v: PROTOCOL_VERSION, ...event });
  }

  get openJobs(): number {
    return this.#jobs.openCount;
  }

  #touch(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(
      () => this.#options.socket.close(4000, "idle"),
      this.#options.idleTimeoutMs ?? PROTOCOL_LIMITS.idleTimeoutMs,
    );
    this.#idleTimer.unref();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#touch();
    if (isBinary) {
      this.#sendError(
        null,
        new CnsBridgeError("PROTOCOL_BAD_MESSAGE", { detail: "binary frames are not used" }),
      );
      return;
    }
    const text = rawDataToString(data);
    let request: AgentRequest;
    try {
      request = parseRequestFrame(text);
    } catch (error) {
      this.#sendError(safeRequestId(text), error);
      return;
    }
    if (this.#inFlight >= PROTOCOL_LIMITS.maxInFlightPerConnection) {
      this.#sendError(
        request.id,
        new CnsBridgeError("PROTOCOL_TOO_MANY_REQUESTS", { limit: PROTOCOL_LIMITS.maxInFlightPerConnection }),
      );
      return;
    }
    this.#inFlight += 1;
    void this.#dispatch(request).finally(() => {
      this.#inFlight -= 1;
    });
  }

  async #dispatch(request: AgentRequest): Promise<void> {
    const handler = handlers[request.type] as (r: AgentRequest, c: HandlerContext) => Promise<object>;
    try {
      const result = await handler(request, this.#context);
      this.#send({ v: PROTOCOL_VERSION, id: request.id, type: `${request.type}.result`, ...result });
    } catch (error) {
      this.#sendError(request.id, error);
    }
  }

  #sendError(id: string | null, error: unknown): void {
    const coded = isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error });
    if (coded.code === "INTERNAL") this.#options.logger.error({ err: error }, "request failed");
    else this.#options.logger.info({ code: coded.code }, "request refused");
    this.#send({ v: PROTOCOL_VERSION, id, type: "error", error: coded.serialize(this.#options.language) });
  }

  #send(message: object): void {
    if (this.#closed || this.#options.socket.readyState !== this.#options.socket.OPEN) return;
    this.#options.socket.send(JSON.stringify(message));
  }

  /** Drops every job (and its temp files) of this connection; safe to call more than once. */
  dispose(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.#disposed ??= this.#jobs.closeAll();
    return this.#disposed;
  }
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

function safeRequestId(text: string): string | null {
  try {
    return requestIdOf(JSON.parse(text));
  } catch {
    return null;
  }
}
