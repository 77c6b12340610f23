import { CnsBridgeError } from "@cns-bridge/shared";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The origin a request really comes from, taken from the browser's record of the sender (its
 * frame's URL), never from anything the page wrote. Only https, plus http on loopback when the
 * holder turned developer mode on.
 */
export function originOfSender(senderUrl: string | undefined, developerMode: boolean): string {
  let url: URL;
  try {
    url = new URL(senderUrl ?? "");
  } catch {
    throw new CnsBridgeError("SITE_NOT_SECURE", { origin: "?" });
  }
  if (url.protocol === "https:") return url.origin;
  if (url.protocol === "http:" && developerMode && LOOPBACK_HOSTS.has(url.hostname)) return url.origin;
  throw new CnsBridgeError("SITE_NOT_SECURE", { origin: url.origin === "null" ? url.protocol : url.origin });
}
