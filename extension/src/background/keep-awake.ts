import type { browser as browserApi } from "wxt/browser";

/** Well under the 30 s after which Firefox suspends an idle MV3 background. */
export const KEEP_AWAKE_MS = 10_000;

/**
 * Firefox runs an MV3 background as an event page and suspends it after 30 s without extension
 * events or API calls, which closes the agent connection (card removal, token state and the
 * popup's status would go stale until the next event); traffic on the WebSocket does not count
 * there. A cheap API call resets that idle timer. Chrome's service worker is already kept by the
 * connection's own heartbeat; in a persistent MV2 background this costs one call per interval.
 */
export function keepBackgroundAwake(browser: typeof browserApi, everyMs = KEEP_AWAKE_MS): () => void {
  const timer = setInterval(() => {
    browser.runtime.getPlatformInfo().catch(() => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}
