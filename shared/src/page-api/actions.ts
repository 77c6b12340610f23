/**
 * The page API's names, with no dependency at all: the content script that runs in every page
 * imports only this file, so it stays tiny. Schemas live in `schemas.ts`, the client in `client.ts`.
 */

/** Version of the page <-> extension messages; every reply carries it as `version`. */
export const PAGE_API_VERSION = 1;

/** Actions a page may ask for; replies are `<action>-success` or `<action>-failure`. */
export const PAGE_API_ACTIONS = [
  "cns-bridge:status",
  "cns-bridge:authenticate",
  "cns-bridge:get-certificate",
  "cns-bridge:sign",
] as const;

export type PageApiAction = (typeof PAGE_API_ACTIONS)[number];
export type PageApiReplyAction = `${PageApiAction}-success` | `${PageApiAction}-failure`;

export function isPageApiAction(value: unknown): value is PageApiAction {
  return typeof value === "string" && (PAGE_API_ACTIONS as readonly string[]).includes(value);
}

export function isPageApiReplyAction(value: unknown): value is PageApiReplyAction {
  if (typeof value !== "string") return false;
  const base = value.replace(/-(success|failure)$/, "");
  return base !== value && isPageApiAction(base);
}

/**
 * Bounds of one page request: documents travel as base64 inside extension messages, so the total
 * is kept well below the browsers' message limits. Bigger files go through "Firma documenti".
 */
export const PAGE_API_LIMITS = {
  maxDocuments: 20,
  /** Raw bytes of all documents of one `cns-bridge:sign` together. */
  maxTotalDocumentBytes: 32 * 1024 * 1024,
  /** Default time a page waits for a reply: long enough for a PIN and a consent (ms). */
  defaultTimeoutMs: 5 * 60 * 1000,
  /** Time `cns-bridge:status` waits before saying the extension is missing (ms). */
  statusTimeoutMs: 3000,
} as const;

/**
 * Id of the development build of the extension, fixed by the public `key` in its manifest
 * (`extension/wxt.config.ts`): the agent allows `chrome-extension://<this id>` by default.
 */
export const DEVELOPMENT_EXTENSION_ID = "ibjopldpmkdpncckfnebdohilediokme";
