/**
 * Who may open the agent's WebSocket: only the extension (its chrome-extension:// or
 * moz-extension:// origin in the allow-list), and only through a loopback host name, so a web
 * page cannot reach the agent directly (CSWSH) nor through a rebound DNS name.
 */

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]{1,64}$/;

export function isWellFormedExtensionOrigin(origin: string): boolean {
  return EXTENSION_ORIGIN.test(origin);
}

export function isAllowedOrigin(origin: string | undefined, allowList: ReadonlySet<string>): boolean {
  return origin !== undefined && allowList.has(origin);
}

/** Host header values that name this agent on loopback: 127.0.0.1:PORT, localhost:PORT, [::1]:PORT. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const normalized = host.toLowerCase();
  return (
    normalized === `127.0.0.1:${port}` || normalized === `localhost:${port}` || normalized === `[::1]:${port}`
  );
}
