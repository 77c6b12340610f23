import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { type Language, PROTOCOL_LIMITS } from "@cns-bridge/shared";
import { WebSocketServer } from "ws";
import type { AgentLogger } from "../logging/logger.js";
import type { AgentService } from "../service/agent-service.js";
import { AgentConnection } from "./connection.js";
import { createHttpApp } from "./http-app.js";
import { isAllowedHost, isAllowedOrigin } from "./origin-policy.js";

export const DEFAULT_AGENT_PORT = 45927;

export interface AgentServerOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly allowedOrigins: readonly string[];
  readonly service: AgentService;
  readonly logger: AgentLogger;
  readonly language?: Language;
  readonly idleTimeoutMs?: number;
}

export interface RunningAgentServer {
  readonly port: number;
  readonly connectionCount: () => number;
  close(): Promise<void>;
}

/**
 * hono (HTTP) and ws (WebSocket) on one loopback port. The upgrade is accepted only from an
 * allowed extension Origin through a loopback Host; anything else gets 403 with a coded body and
 * nothing else happens.
 */
export async function startAgentServer(options: AgentServerOptions): Promise<RunningAgentServer> {
  const allowList = new Set(options.allowedOrigins);
  const connections = new Set<AgentConnection>();
  const refusalsLogged = new Set<string>();
  let port = options.port;

  const app = createHttpApp({ port: () => port, connectionCount: () => connections.size });
  const wss = new WebSocketServer({
    noServer: true,
    // ws closes the socket (1009) past this; our own check answers with a coded error below it.
    maxPayload: PROTOCOL_LIMITS.maxFrameBytes + 64 * 1024,
    perMessageDeflate: false,
  });

  const refuse = (socket: Duplex, status: 403 | 404, code: string, logKey: string): void => {
    const body = JSON.stringify({ error: { code } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : "Not Found"}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    if (!refusalsLogged.has(logKey) && refusalsLogged.size < 1000) {
      refusalsLogged.add(logKey);
      options.logger.warn({ code, key: logKey }, "websocket upgrade refused");
    }
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    const host = request.headers.host;
    const origin = request.headers.origin;
    if (!isAllowedHost(host, port)) return refuse(socket, 403, "HOST_NOT_ALLOWED", `host:${host ?? "-"}`);
    if (!isAllowedOrigin(origin, allowList) || origin === undefined) {
      return refuse(socket, 403, "ORIGIN_NOT_ALLOWED", `origin:${origin ?? "-"}`);
    }
    if ((request.url ?? "/") !== "/") return refuse(socket, 404, "NOT_FOUND", `path:${request.url ?? ""}`);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new AgentConnection({
        socket: ws,
        origin,
        service: options.service,
        logger: options.logger,
        language: options.language ?? "it",
        ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      });
      connections.add(connection);
      ws.on("close", () => connections.delete(connection));
      options.logger.info({ origin }, "extension connected");
    });
  };

  const broadcast = (event: Parameters<AgentConnection["sendEvent"]>[0]): void => {
    for (const connection of connections) connection.sendEvent(event);
  };
  options.service.events.on("token.inserted", (token) => broadcast({ type: "token.inserted", token }));
  options.service.events.on("token.removed", (token) => broadcast({ type: "token.removed", ...token }));
  options.service.events.on("pin.state", (state) => broadcast({ type: "pin.state", ...state }));

  const servers: Server[] = [];
  const listen = (hostname: string, wantedPort: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer(getRequestListener(app.fetch));
      server.on("upgrade", onUpgrade);
      server.once("error", reject);
      server.listen({ port: wantedPort, host: hostname, exclusive: true }, () => {
        server.off("error", reject);
        resolve(server);
      });
    });

  const v4 = await listen("127.0.0.1", options.port);
  servers.push(v4);
  port = (v4.address() as AddressInfo).port;
  try {
    servers.push(await listen("::1", port));
  } catch (error) {
    // A machine without IPv6 loopback still serves 127.0.0.1 and localhost.
    options.logger.info({ err: error }, "IPv6 loopback not available");
  }

  return {
    port,
    connectionCount: () => connections.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await Promise.all([...connections].map((connection) => connection.dispose()));
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
