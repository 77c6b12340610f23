import {
  base64ToBytes,
  bytesToBase64,
  CnsBridgeError,
  isCnsBridgeError,
  type Language,
  PAGE_API_VERSION,
  type PageReply,
  type PageStatus,
  pageRequestSchema,
  requestIdOf,
} from "@cns-bridge/shared";
import { originOfSender } from "../site-access/origin-policy.js";
import { ensureSiteAllowed } from "../site-access/site-permissions.js";
import type { CnsContext } from "./cns-context.js";
import { ensureLoggedIn } from "./pin-flow.js";
import { requireToken } from "./require-token.js";
import { signDocuments } from "./sign-documents.js";

/**
 * Answers one page API request forwarded by the content script. The request arrives as
 * `unknown` and is validated here; the origin comes from `senderUrl` (the browser's record of the
 * frame), so a page cannot authenticate for another site.
 */
export async function handlePageRequest(
  context: CnsContext,
  raw: unknown,
  senderUrl: string | undefined,
  language: Language,
): Promise<PageReply> {
  const action = actionOf(raw);
  const requestId =
    (raw !== null &&
      typeof raw === "object" &&
      requestIdOf({ id: (raw as { requestId?: unknown }).requestId })) ||
    "invalid";
  try {
    const parsed = pageRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 2)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw new CnsBridgeError("PAGE_API_BAD_REQUEST", { detail });
    }
    const request = parsed.data;
    const origin = originOfSender(senderUrl, await context.developerMode());
    const envelope = { requestId: request.requestId, version: PAGE_API_VERSION } as const;
    switch (request.action) {
      case "cns-bridge:status":
        return {
          ...envelope,
          action: "cns-bridge:status-success",
          extensionVersion: context.extensionVersion,
          status: pageStatusOf(context.connection.status.kind),
        };
      case "cns-bridge:authenticate": {
        await ensureSiteAllowed(origin, context.sitePermissions, (site) => askSite(context, site));
        const token = await ensureLoggedIn(context, origin, "authenticate");
        const reply = await context.connection.request("auth.sign", {
          token: token.serial,
          origin,
          nonce: request.nonce,
        });
        return { ...envelope, action: "cns-bridge:authenticate-success", authToken: reply.authToken };
      }
      case "cns-bridge:get-certificate": {
        await ensureSiteAllowed(origin, context.sitePermissions, (site) => askSite(context, site));
        const token = requireToken(context.connection.status);
        const reply = await context.connection.request("certificate.get", {
          token: token.serial,
          usage: request.usage,
        });
        return {
          ...envelope,
          action: "cns-bridge:get-certificate-success",
          certificate: reply.certificate,
          chain: reply.chain,
        };
      }
      case "cns-bridge:sign": {
        await ensureSiteAllowed(origin, context.sitePermissions, (site) => askSite(context, site));
        const documents = request.documents.map((document) => ({
          name: document.name,
          data: base64ToBytes(document.data, document.name),
        }));
        const signed = await signDocuments(context, origin, request.format, documents);
        return {
          ...envelope,
          action: "cns-bridge:sign-success",
          documents: signed.map((file) => ({
            name: file.name,
            data: bytesToBase64(file.data),
            sha256: file.sha256,
          })),
        };
      }
    }
  } catch (error) {
    const coded = isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error });
    return {
      requestId,
      version: PAGE_API_VERSION,
      action: `${action}-failure`,
      error: coded.serialize(language),
    };
  }
}

async function askSite(context: CnsContext, origin: string): Promise<boolean> {
  try {
    await context.dialogs.ask({ kind: "site", origin });
    return true;
  } catch (error) {
    if (isCnsBridgeError(error, "SITE_NOT_ALLOWED")) return false;
    throw error;
  }
}

type KnownAction =
  "cns-bridge:status" | "cns-bridge:authenticate" | "cns-bridge:get-certificate" | "cns-bridge:sign";

function actionOf(raw: unknown): KnownAction {
  const action = raw !== null && typeof raw === "object" ? (raw as { action?: unknown }).action : undefined;
  return action === "cns-bridge:authenticate" ||
    action === "cns-bridge:get-certificate" ||
    action === "cns-bridge:sign"
    ? action
    : "cns-bridge:status";
}

function pageStatusOf(kind: CnsContext["connection"]["status"]["kind"]): PageStatus {
  return kind === "connecting" ? "agent-missing" : kind;
}
