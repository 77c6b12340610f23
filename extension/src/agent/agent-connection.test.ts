import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isCnsBridgeError, type TokenSummary } from "@cns-bridge/shared";
import { AgentConnection, type SocketLike } from "./agent-connection.js";

const flags = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};
const token: TokenSummary = {
  label: "CNS",
  serial: "0001",
  manufacturer: "test",
  model: "SoftHSM",
  pinFlags: flags,
  loggedIn: false,
  certificates: [
    {
      id: "01",
      usage: "authentication",
      holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
      issuer: "CN=Test CA",
      notBefore: "2024-01-01T00:00:00Z",
      notAfter: "2027-01-01T00:00:00Z",
      daysToExpiry: 400,
      qualified: false,
      keyAlgorithm: "RSA-2048",
    },
  ],
};

type Frame = { v: number; id: string; type: string; [key: string]: unknown };

/** A scripted agent behind a fake socket: `answer(frame)` returns the reply (or nothing). */
class FakeAgentSocket implements SocketLike {
  readyState = 0;
  readonly sent: Frame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly answer: (frame: Frame) => unknown) {}
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  push(value: unknown): void {
    this.onmessage?.({ data: typeof value === "string" ? value : JSON.stringify(value) });
  }
  send(text: string): void {
    const frame = JSON.parse(text) as Frame;
    this.sent.push(frame);
    const reply = this.answer(frame);
    if (reply !== undefined) queueMicrotask(() => this.push(reply));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

function agent(options: { protocol?: number; minProtocol?: number; tokens?: () => TokenSummary[] } = {}) {
  return (frame: Frame): unknown => {
    if (frame.type === "hello")
      return {
        v: 1,
        id: frame.id,
        type: "hello.result",
        agentVersion: "0.1.0",
        protocol: options.protocol ?? 1,
        minProtocol: options.minProtocol ?? 1,
      };
    if (frame.type === "tokens.list")
      return { v: 1, id: frame.id, type: "tokens.list.result", tokens: options.tokens?.() ?? [token] };
    if (frame.type === "token.logout")
      return { v: 1, id: frame.id, type: "error", error: { code: "TOKEN_REMOVED", message: "x" } };
    if (frame.type === "certificate.get")
      return { v: 1, id: frame.id, type: "tokens.list.result", tokens: [] };
    return undefined;
  };
}

describe("AgentConnection", () => {
  let sockets: FakeAgentSocket[];
  let script: (frame: Frame) => unknown;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    script = agent();
  });
  afterEach(() => vi.useRealTimers());

  function connect(extra: { backoffMs?: number[] } = {}): AgentConnection {
    const connection = new AgentConnection({
      url: () => "ws://127.0.0.1:45927",
      createSocket: () => {
        const socket = new FakeAgentSocket((frame) => script(frame));
        sockets.push(socket);
        return socket;
      },
      clientVersion: "test",
      heartbeatMs: 1_000_000,
      ...extra,
    });
    connection.start();
    return connection;
  }

  it("says hello with the protocol version, then lists tokens: token present", async () => {
    const connection = connect();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[0]?.sent.map((frame) => [frame.v, frame.type])).toEqual([
      [1, "hello"],
      [1, "tokens.list"],
    ]);
    expect(connection.status).toEqual({ kind: "token-present", agentVersion: "0.1.0", token });
  });

  it("reports no token, then follows token.inserted and pin.state events", async () => {
    let tokens: TokenSummary[] = [];
    script = agent({ tokens: () => tokens });
    const connection = connect();
    const seen: string[] = [];
    connection.onStatus((status) => seen.push(status.kind));
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status.kind).toBe("no-token");
    tokens = [token];
    sockets[0]?.push({ v: 1, type: "token.inserted", token });
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status.kind).toBe("token-present");
    sockets[0]?.push({
      v: 1,
      type: "pin.state",
      label: "CNS",
      serial: "0001",
      pinFlags: flags,
      loggedIn: true,
    });
    expect(connection.status.kind).toBe("logged-in");
    expect(seen).toEqual(["no-token", "token-present", "logged-in"]);
  });

  it("ignores malformed events and frames", async () => {
    const connection = connect();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.open();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.push("not json");
    sockets[0]?.push({ v: 1, type: "pin.state", serial: "0001", loggedIn: true });
    sockets[0]?.push({ v: 1, id: "e999", type: "hello.result" });
    expect(connection.status.kind).toBe("token-present");
  });

  it.each([
    [{ protocol: 0, minProtocol: 0 }, "agent-too-old"],
    [{ protocol: 3, minProtocol: 2 }, "extension-too-old"],
  ])("checks the protocol versions %o -> %s", async (versions, kind) => {
    script = agent(versions);
    const connection = connect();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status.kind).toBe(kind);
  });

  it("is agent-missing when the socket closes, and reconnects with growing backoff", async () => {
    const connection = connect({ backoffMs: [100, 400] });
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.close();
    expect(connection.status.kind).toBe("agent-missing");
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    sockets[1]?.close();
    await vi.advanceTimersByTimeAsync(399);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    sockets[2]?.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status.kind).toBe("token-present");
  });

  it("rejects pending requests with AGENT_CONNECTION_LOST when the agent goes away", async () => {
    script = () => undefined;
    const connection = connect();
    await vi.advanceTimersByTimeAsync(0);
    const [socket] = sockets;
    if (socket !== undefined) socket.readyState = 1;
    const pending = connection.request("tokens.list", {}).catch((error: unknown) => error);
    sockets[0]?.close();
    expect(isCnsBridgeError(await pending, "AGENT_CONNECTION_LOST")).toBe(true);
  });

  it("rejects at once with AGENT_NOT_RUNNING when not connected", async () => {
    const connection = connect();
    const failure = await connection.request("tokens.list", {}).catch((error: unknown) => error);
    expect(isCnsBridgeError(failure, "AGENT_NOT_RUNNING")).toBe(true);
  });

  it("rebuilds an error reply as its coded error and refuses a reply of the wrong type", async () => {
    const connection = connect();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]?.open();
    await vi.advanceTimersByTimeAsync(0);
    const logout = await connection
      .request("token.logout", { token: "0001" })
      .catch((error: unknown) => error);
    expect(isCnsBridgeError(logout, "TOKEN_REMOVED")).toBe(true);
    const wrong = await connection
      .request("certificate.get", { token: "0001", usage: "signature" })
      .catch((error: unknown) => error);
    expect(isCnsBridgeError(wrong, "AGENT_REPLY_INVALID")).toBe(true);
  });
});
