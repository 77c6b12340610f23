import { request } from "node:http";
import { z } from "zod";

/** What answers on the agent's port. */
export type AgentProbe =
  | {
      readonly kind: "agent";
      readonly version: string;
      readonly protocol: number;
      /** Extension connections the agent has now; null for agents that do not say. */
      readonly extensionConnections: number | null;
    }
  | { readonly kind: "free" }
  | { readonly kind: "other"; readonly detail: string };

const healthSchema = z.object({
  name: z.literal("cns-bridge-agent"),
  version: z.string(),
  protocol: z.number().int(),
  extensionConnections: z.number().int().min(0).optional(),
});

/**
 * Asks `GET /health` on 127.0.0.1:port. Connection refused: nobody listens (the agent is not
 * running). Anything that is not the agent's health document: another program holds the port.
 */
export function probeAgentPort(port: number, timeoutMs = 2000): Promise<AgentProbe> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/health",
        method: "GET",
        timeout: timeoutMs,
        headers: { host: `127.0.0.1:${port}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size <= 16 * 1024) chunks.push(chunk);
          else response.destroy();
        });
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            const health = healthSchema.safeParse(JSON.parse(text));
            if (health.success) {
              resolve({
                kind: "agent",
                version: health.data.version,
                protocol: health.data.protocol,
                extensionConnections: health.data.extensionConnections ?? null,
              });
              return;
            }
          } catch {
            // not JSON: some other program
          }
          resolve({
            kind: "other",
            detail: `HTTP ${response.statusCode ?? "?"} ${response.headers.server ?? ""}`.trim(),
          });
        });
        response.on("error", () => resolve({ kind: "other", detail: "broken HTTP reply" }));
      },
    );
    req.on("timeout", () => {
      req.destroy();
      resolve({ kind: "other", detail: `no HTTP reply within ${timeoutMs} ms` });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve({ kind: "free" });
      else resolve({ kind: "other", detail: error.code ?? error.message });
    });
    req.end();
  });
}
