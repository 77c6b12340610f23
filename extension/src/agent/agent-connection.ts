import {
  type AgentEvent,
  type AgentReply,
  type AgentRequest,
  type AgentRequestType,
  CnsBridgeError,
  eventSchema,
  PROTOCOL_VERSION,
  replySchema,
  type TokenSummary,
} from "@cns-bridge/shared";
import type { AgentStatus } from "./agent-status.js";

/** The part of a browser WebSocket the connection uses, so tests can hand in a fake one. */
export interface SocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AgentConnectionOptions {
  /** `ws://127.0.0.1:PORT`, read at every (re)connection so a changed port applies at once. */
  readonly url: () => string | Promise<string>;
  readonly createSocket: (url: string) => SocketLike;
  readonly timers?: Timers;
  readonly clientVersion: string;
  /** Waits before reconnecting after each failure; the last one repeats. */
  readonly backoffMs?: readonly number[];
  readonly requestTimeoutMs?: number;
  /** A `tokens.list` this often keeps the state fresh (and an MV3 service worker alive). */
  readonly heartbeatMs?: number;
}

type RequestFields<T extends AgentRequestType> = Omit<
  Extract<AgentRequest, { type: T }>,
  "v" | "id" | "type"
>;
export type ResultOf<T extends AgentRequestType> = Extract<AgentReply, { type: `${T}.result` }>;

interface Pending {
  readonly type: string;
  readonly resolve: (reply: AgentReply) => void;
  readonly reject: (error: CnsBridgeError) => void;
  readonly timer: unknown;
}

const OPEN = 1;
const DEFAULT_BACKOFF_MS = [250, 500, 1000, 2000, 4000];

/**
 * The one connection from the extension to the agent: `hello` handshake with a version check,
 * reconnection with backoff, the token list kept current from events, and request/reply by id
 * with every frame validated against the shared protocol schemas.
 */
export class AgentConnection {
  #status: AgentStatus = { kind: "connecting" };
  #socket: SocketLike | null = null;
  #agentVersion = "";
  #attempt = 0;
  #nextId = 1;
  #stopped = true;
  #reconnectTimer: unknown = null;
  #heartbeatTimer: unknown = null;
  readonly #pending = new Map<string, Pending>();
  readonly #statusListeners = new Set<(status: AgentStatus) => void>();
  readonly #eventListeners = new Set<(event: AgentEvent) => void>();
  readonly #timers: Timers;
  readonly #options: AgentConnectionOptions;

  constructor(options: AgentConnectionOptions) {
    this.#options = options;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
    };
  }

  get status(): AgentStatus {
    return this.#status;
  }

  onStatus(listener: (status: AgentStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    void this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    this.#socket?.close();
    this.#dropSocket();
  }

  /** Reconnects at once (the holder pressed "Riprova", or the port changed). */
  reconnectNow(): void {
    this.#attempt = 0;
    this.#clearTimers();
    const socket = this.#socket;
    this.#dropSocket();
    socket?.close();
    if (!this.#stopped) void this.#connect();
  }

  /** Sends one request and resolves with its validated `<type>.result`; an `error` reply rejects with its code. */
  request<T extends AgentRequestType>(
    type: T,
    fields: RequestFields<T>,
    timeoutMs = this.#options.requestTimeoutMs ?? 60_000,
  ): Promise<ResultOf<T>> {
    return new Promise((resolve, reject) => {
      const socket = this.#socket;
      if (socket === null || socket.readyState !== OPEN) {
        reject(new CnsBridgeError("AGENT_NOT_RUNNING"));
        return;
      }
      const id = `e${this.#nextId++}`;
      const timer = this.#timers.setTimeout(() => {
        this.#pending.delete(id);
        reject(new CnsBridgeError("AGENT_CONNECTION_LOST"));
      }, timeoutMs);
      this.#pending.set(id, {
        type,
        resolve: (reply) => resolve(reply as ResultOf<T>),
        reject,
        timer,
      });
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, id, type, ...fields }));
    });
  }

  /** Asks the agent for the token list again and updates the status from it. */
  async refreshTokens(): Promise<AgentStatus> {
    const reply = await this.request("tokens.list", {});
    this.#applyTokens(reply.tokens);
    return this.#status;
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    this.#setStatus(this.#status.kind === "agent-missing" ? this.#status : { kind: "connecting" });
    let socket: SocketLike;
    try {
      socket = this.#options.createSocket(await this.#options.url());
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => void this.#handshake(socket);
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#dropSocket();
      this.#setStatus({ kind: "agent-missing" });
      this.#scheduleReconnect();
    };
  }

  async #handshake(socket: SocketLike): Promise<void> {
    try {
      const hello = await this.request("hello", { client: this.#options.clientVersion });
      this.#agentVersion = hello.agentVersion;
      if (hello.protocol < PROTOCOL_VERSION) {
        this.#setStatus({ kind: "agent-too-old", agentVersion: hello.agentVersion });
        return;
      }
      if (hello.minProtocol > PROTOCOL_VERSION) {
        this.#setStatus({ kind: "extension-too-old", agentVersion: hello.agentVersion });
        return;
      }
      this.#attempt = 0;
      await this.refreshTokens();
      this.#scheduleHeartbeat();
    } catch (error) {
      // An agent that cannot even say hello in our protocol is treated as too old.
      if (this.#socket === socket && error instanceof CnsBridgeError && error.code.startsWith("PROTOCOL_")) {
        this.#setStatus({ kind: "agent-too-old", agentVersion: this.#agentVersion || "?" });
      }
    }
  }

  #receive(data: unknown): void {
    let value: unknown;
    try {
      value = JSON.parse(typeof data === "string" ? data : "");
    } catch {
      return;
    }
    if (typeof value === "object" && value !== null && !("id" in value)) {
      const event = eventSchema.safeParse(value);
      if (event.success) this.#handleEvent(event.data);
      return;
    }
    const id = (value as { id?: unknown }).id;
    const pending = typeof id === "string" ? this.#pending.get(id) : undefined;
    if (pending === undefined || typeof id !== "string") return;
    this.#pending.delete(id);
    this.#timers.clearTimeout(pending.timer);
    const reply = replySchema.safeParse(value);
    if (!reply.success) {
      pending.reject(new CnsBridgeError("AGENT_REPLY_INVALID", { detail: pending.type }));
    } else if (reply.data.type === "error") {
      pending.reject(CnsBridgeError.fromJSON(reply.data.error));
    } else if (reply.data.type !== `${pending.type}.result`) {
      pending.reject(
        new CnsBridgeError("AGENT_REPLY_INVALID", { detail: `${pending.type} -> ${reply.data.type}` }),
      );
    } else {
      pending.resolve(reply.data);
    }
  }

  #handleEvent(event: AgentEvent): void {
    for (const listener of this.#eventListeners) listener(event);
    if (event.type === "pin.state") {
      const status = this.#status;
      if (
        (status.kind === "token-present" || status.kind === "logged-in") &&
        status.token.serial === event.serial
      ) {
        this.#applyTokens([{ ...status.token, pinFlags: event.pinFlags, loggedIn: event.loggedIn }]);
      }
      return;
    }
    this.refreshTokens().catch(() => undefined);
  }

  #applyTokens(tokens: readonly TokenSummary[]): void {
    const agentVersion = this.#agentVersion;
    // The first token with certificates is the holder's CNS; a blank token is not one.
    const token = tokens.find((candidate) => candidate.certificates.length > 0) ?? tokens[0];
    if (token === undefined) this.#setStatus({ kind: "no-token", agentVersion });
    else this.#setStatus({ kind: token.loggedIn ? "logged-in" : "token-present", agentVersion, token });
  }

  #scheduleHeartbeat(): void {
    const every = this.#options.heartbeatMs ?? 20_000;
    this.#heartbeatTimer = this.#timers.setTimeout(() => {
      this.refreshTokens()
        .catch(() => undefined)
        .finally(() => {
          if (this.#socket !== null) this.#scheduleHeartbeat();
        });
    }, every);
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    const backoff = this.#options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const wait = backoff[Math.min(this.#attempt, backoff.length - 1)] ?? 1000;
    this.#attempt += 1;
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#connect();
    }, wait);
  }

  #dropSocket(): void {
    const socket = this.#socket;
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    this.#socket = null;
    if (this.#heartbeatTimer !== null) this.#timers.clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
    for (const [id, pending] of this.#pending) {
      this.#timers.clearTimeout(pending.timer);
      pending.reject(new CnsBridgeError("AGENT_CONNECTION_LOST"));
      this.#pending.delete(id);
    }
  }

  #clearTimers(): void {
    if (this.#reconnectTimer !== null) this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #setStatus(status: AgentStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}
