import { CnsBridgeError } from "@cns-bridge/shared";

/** The sandbox portal started by `npm run sandbox` / `npm start`. */
export const DEFAULT_PORTAL_ORIGIN = "http://127.0.0.1:8091";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The request portal's origin from what the holder typed: https, or http only on this computer
 * (the sandbox), and nothing but scheme, host and port, because auth tokens are bound to exactly
 * this origin. Throws PORTAL_ORIGIN_INVALID.
 */
export function parsePortalOrigin(input: string): string {
  const trimmed = input.trim();
  const shown = trimmed.slice(0, 80) || "vuoto";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new CnsBridgeError("PORTAL_ORIGIN_INVALID", { origin: shown });
  }
  const secure = url.protocol === "https:";
  const loopback = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  if ((!secure && !loopback) || url.username !== "" || url.password !== "" || !bare(url, trimmed)) {
    throw new CnsBridgeError("PORTAL_ORIGIN_INVALID", { origin: shown });
  }
  return url.origin;
}

/** Nothing beyond scheme, host and port (one trailing slash tolerated). */
function bare(url: URL, input: string): boolean {
  return url.pathname === "/" && url.search === "" && url.hash === "" && !/[?#]/.test(input);
}
