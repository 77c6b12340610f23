import { Hono } from "hono";
import { PROTOCOL_VERSION } from "@cns-bridge/shared";
import { AGENT_VERSION } from "./agent-version.js";
import { isAllowedHost } from "./origin-policy.js";

/**
 * Plain HTTP on the agent's port serves only `GET /health`: name, version, protocol and the
 * number of extension connections, no
 * personal data. A request with a foreign Host header (DNS rebinding) gets 403.
 */
export function createHttpApp(options: { port: () => number; connectionCount: () => number }): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    const host = c.req.header("host");
    if (!isAllowedHost(host, options.port())) {
      return c.json({ error: { code: "HOST_NOT_ALLOWED" } }, 403);
    }
    await next();
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
    return undefined;
  });
  // How many extension windows are connected: lets `cns-agent doctor` tell "agent running but
  // no extension" from "all connected" without any personal data.
  app.get("/health", (c) =>
    c.json({
      name: "cns-bridge-agent",
      version: AGENT_VERSION,
      protocol: PROTOCOL_VERSION,
      extensionConnections: options.connectionCount(),
    }),
  );
  app.notFound((c) => c.json({ error: { code: "NOT_FOUND" } }, 404));
  return app;
}
