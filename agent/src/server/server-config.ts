import { CnsBridgeError, DEVELOPMENT_EXTENSION_ID } from "@cns-bridge/shared";
import { z } from "zod";
import { isWellFormedExtensionOrigin } from "./origin-policy.js";
import { DEFAULT_AGENT_PORT } from "./agent-server.js";

/** The server's keys of config.json (the rest of the file is read by the CLI's config reader). */
const serverConfigSchema = z.looseObject({
  port: z.number().int().min(1).max(65535).optional(),
  /** Extra extension origins, e.g. the Firefox add-on's moz-extension://UUID of this profile. */
  allowedOrigins: z.array(z.string()).max(32).optional(),
});

/** The development build's fixed id (manifest `key`); store ids are added with --allow-origin or the config. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [`chrome-extension://${DEVELOPMENT_EXTENSION_ID}`];

export interface ServerSettings {
  readonly port: number;
  readonly allowedOrigins: readonly string[];
}

/**
 * Port and allow-list from, in order of precedence: command-line flags, the config file,
 * defaults. Every origin must be a well-formed extension origin: a web origin is refused here,
 * so a mistake in the config cannot open the agent to web pages.
 */
export function resolveServerSettings(
  flags: { port?: string | undefined; allowOrigins: readonly string[] },
  config: unknown,
  configPath: string,
): ServerSettings {
  const parsed = serverConfigSchema.safeParse(config);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new CnsBridgeError("CONFIG_INVALID", { path: configPath, detail });
  }
  let port = parsed.data.port ?? DEFAULT_AGENT_PORT;
  if (flags.port !== undefined) {
    const value = Number(flags.port);
    if (!/^\d{1,5}$/.test(flags.port) || value < 1 || value > 65535) {
      throw new CnsBridgeError("BAD_USAGE", { detail: `--port ${flags.port}: expected 1-65535` });
    }
    port = value;
  }
  const origins = [...DEFAULT_ALLOWED_ORIGINS, ...(parsed.data.allowedOrigins ?? []), ...flags.allowOrigins];
  for (const origin of origins) {
    if (!isWellFormedExtensionOrigin(origin)) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: `${origin} is not an extension origin (chrome-extension://ID or moz-extension://UUID)`,
      });
    }
  }
  return { port, allowedOrigins: [...new Set(origins)] };
}
