import { type AuthToken, authTokenSchema } from "../auth-token/auth-token-schema.js";
import { bytesToBase64, base64ToBytes } from "../encoding/base64.js";
import { CnsBridgeError } from "../errors/cns-bridge-error.js";
import { PAGE_API_LIMITS, type PageApiAction } from "./actions.js";
import { type PageReply, type PageStatus, pageReplySchema } from "./schemas.js";

/** The window a client talks through: the page's own `window` in a browser, a fake one in tests. */
export interface PageWindow {
  readonly location: { readonly origin: string };
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

export interface DocumentToSign {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface SignedFile {
  readonly name: string;
  readonly data: Uint8Array;
  readonly sha256: string;
}

export interface CnsBridgeClientOptions {
  readonly window?: PageWindow;
  /** How long to wait for the holder (PIN, consent) before PAGE_API_TIMEOUT (ms). */
  readonly timeoutMs?: number;
}

/**
 * What a portal imports to use the holder's CNS through the extension, Web eID-style:
 * `status()`, `authenticate(nonce)`, `getCertificate(usage)`, `sign(format, documents)`.
 * Failures are CnsBridgeError with a stable code (PAGE_API_TIMEOUT when the extension is missing).
 */
export function createCnsBridgeClient(options: CnsBridgeClientOptions = {}) {
  const target = options.window ?? (globalThis as unknown as { window: PageWindow }).window;
  const timeoutMs = options.timeoutMs ?? PAGE_API_LIMITS.defaultTimeoutMs;
  let counter = 0;

  function call(action: PageApiAction, fields: Record<string, unknown>, waitMs: number): Promise<PageReply> {
    counter += 1;
    const requestId = `p${Date.now().toString(36)}-${counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        target.removeEventListener("message", onMessage);
        reject(new CnsBridgeError("PAGE_API_TIMEOUT", { action, seconds: Math.round(waitMs / 1000) }));
      }, waitMs);
      function onMessage(event: MessageEvent): void {
        if (event.source !== (target as unknown) || event.origin !== target.location.origin) return;
        const data: unknown = event.data;
        if (
          typeof data !== "object" ||
          data === null ||
          (data as { requestId?: unknown }).requestId !== requestId
        )
          return;
        const parsed = pageReplySchema.safeParse(data);
        if (!parsed.success || !parsed.data.action.startsWith(`${action}-`)) return;
        clearTimeout(timer);
        target.removeEventListener("message", onMessage);
        const reply = parsed.data;
        if ("error" in reply) reject(CnsBridgeError.fromJSON(reply.error));
        else resolve(reply);
      }
      target.addEventListener("message", onMessage);
      target.postMessage({ action, requestId, ...fields }, target.location.origin);
    });
  }

  return {
    /** The extension's and agent's state; PAGE_API_TIMEOUT after 3 s means the extension is not installed or not allowed here. */
    async status(): Promise<{ extensionVersion: string; status: PageStatus }> {
      const reply = await call("cns-bridge:status", {}, PAGE_API_LIMITS.statusTimeoutMs);
      if (reply.action !== "cns-bridge:status-success") throw new CnsBridgeError("INTERNAL");
      return { extensionVersion: reply.extensionVersion, status: reply.status };
    },

    /** Signs the server's challenge with the authentication key; send the token to the server for `verifyAuthToken`. */
    async authenticate(nonce: string): Promise<AuthToken> {
      const reply = await call("cns-bridge:authenticate", { nonce }, timeoutMs);
      if (reply.action !== "cns-bridge:authenticate-success") throw new CnsBridgeError("INTERNAL");
      return authTokenSchema.parse(reply.authToken);
    },

    async getCertificate(
      usage: "authentication" | "signature" = "authentication",
    ): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }> {
      const reply = await call("cns-bridge:get-certificate", { usage }, timeoutMs);
      if (reply.action !== "cns-bridge:get-certificate-success") throw new CnsBridgeError("INTERNAL");
      return {
        certificate: base64ToBytes(reply.certificate, "certificate"),
        chain: reply.chain.map((der) => base64ToBytes(der, "chain")),
      };
    },

    /** Signs the documents as one batch (one consent, one PIN); returns the signed files in the same order. */
    async sign(format: "cades" | "pades", documents: readonly DocumentToSign[]): Promise<SignedFile[]> {
      const reply = await call(
        "cns-bridge:sign",
        { format, documents: documents.map((doc) => ({ name: doc.name, data: bytesToBase64(doc.data) })) },
        timeoutMs,
      );
      if (reply.action !== "cns-bridge:sign-success") throw new CnsBridgeError("INTERNAL");
      return reply.documents.map((doc) => ({
        name: doc.name,
        sha256: doc.sha256,
        data: base64ToBytes(doc.data, "signed document"),
      }));
    },
  };
}

export type CnsBridgeClient = ReturnType<typeof createCnsBridgeClient>;
