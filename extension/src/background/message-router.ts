import {
  base64ToBytes,
  bytesToBase64,
  CnsBridgeError,
  isCnsBridgeError,
  type Language,
  type PageReply,
} from "@cns-bridge/shared";
import { originOfSender } from "../site-access/origin-policy.js";
import type { CnsContext } from "./cns-context.js";
import { runAgentDiagnostics } from "./diagnostics-run.js";
import { handlePageRequest } from "./page-api-handler.js";
import { authenticateForPortal } from "./portal-auth.js";
import { submitPin } from "./pin-flow.js";
import { requireToken } from "./require-token.js";
import { runtimeMessageSchema, type RuntimeReply } from "./runtime-messages.js";
import { signDocuments } from "./sign-documents.js";
import type { SignRelay } from "./sign-relay.js";

export interface MessageSender {
  readonly url?: string;
}

export interface RouterDependencies {
  readonly context: CnsContext;
  readonly relay: SignRelay;
  /** `chrome-extension://<id>/`: messages from our own pages start with it. */
  readonly extensionBaseUrl: string;
  readonly language: () => Promise<Language>;
  readonly reconnect: () => void;
  /** The request portal set in the options, validated (PORTAL_ORIGIN_INVALID otherwise). */
  readonly portalOrigin: () => Promise<string>;
}

/** The only extension page that may log in to the request portal or sign for it. */
const ROUTE_PAGE = "route.html";

/** Kinds only a web page's content script sends; everything else only the extension's own pages may send. */
const CONTENT_SCRIPT_KINDS = new Set(["page-api", "attach:sign"]);

/**
 * The background's single entry for runtime messages: validate, check who sent it (our own pages
 * vs. a content script in a web page), run the action, answer with a value or a coded error.
 */
export function createMessageRouter(deps: RouterDependencies) {
  return async function route(message: unknown, sender: MessageSender): Promise<RuntimeReply | PageReply> {
    const language = await deps.language();
    const parsed = runtimeMessageSchema.safeParse(message);
    if (!parsed.success) {
      return failure(new CnsBridgeError("BAD_INPUT", { detail: "runtime message" }), language);
    }
    const request = parsed.data;
    const fromExtensionPage = sender.url?.startsWith(deps.extensionBaseUrl) === true;
    if (CONTENT_SCRIPT_KINDS.has(request.kind) === fromExtensionPage) {
      return failure(
        new CnsBridgeError("BAD_USAGE", { detail: `${request.kind} from this sender` }),
        language,
      );
    }
    const { context, relay } = deps;
    try {
      switch (request.kind) {
        case "page-api":
          return await handlePageRequest(context, request.request, sender.url, language);
        case "status:get":
          return ok(context.connection.status);
        case "status:reconnect":
          deps.reconnect();
          return ok(null);
        case "token:logout": {
          const token = requireToken(context.connection.status);
          await context.connection.request("token.logout", { token: token.serial });
          return ok(await context.connection.refreshTokens());
        }
        case "diagnostics:run":
          return ok(await runAgentDiagnostics(context, request.redact));
        case "dialog:get":
          return ok(context.dialogs.describe(request.id));
        case "dialog:confirm":
          await context.dialogs.confirm(request.id);
          return ok(null);
        case "dialog:refuse":
          await context.dialogs.refuse(request.id);
          return ok(null);
        case "pin:submit":
          return ok(await submitPin(context, request.id, request.pin));
        case "sign:begin": {
          const fromRoute = sender.url?.startsWith(`${deps.extensionBaseUrl}${ROUTE_PAGE}`) === true;
          // The route page always says which portal it signs for; no other page may claim one.
          if (fromRoute !== (request.site !== undefined)) {
            throw new CnsBridgeError("BAD_USAGE", { detail: `${request.kind} site from this page` });
          }
          if (request.site === undefined) return ok(await relay.begin(request.format, request.files));
          const configured = await deps.portalOrigin();
          if (request.site !== configured) {
            throw new CnsBridgeError("PORTAL_ORIGIN_NOT_CONFIGURED", {
              origin: request.site.slice(0, 120),
              configured,
            });
          }
          return ok(await relay.begin(request.format, request.files, { page: "route", site: configured }));
        }
        case "sign:chunk":
          return ok(await relay.chunk(request.jobId, request.seq, request.data));
        case "sign:finish":
          return ok(await relay.finish(request.jobId));
        case "sign:fetch":
          return ok(await relay.fetch(request.jobId, request.index));
        case "portal:authenticate": {
          if (!sender.url?.startsWith(`${deps.extensionBaseUrl}${ROUTE_PAGE}`)) {
            throw new CnsBridgeError("BAD_USAGE", { detail: `${request.kind} from this page` });
          }
          const configured = await deps.portalOrigin();
          return ok(await authenticateForPortal(context, configured, request.origin, request.nonce));
        }
        case "attach:sign": {
          const origin = originOfSender(sender.url, await context.developerMode());
          const [signed] = await signDocuments(context, origin, request.format, [
            { name: request.name, data: base64ToBytes(request.data, request.name) },
          ]);
          if (signed === undefined) throw new CnsBridgeError("INTERNAL");
          return ok({ name: signed.name, data: bytesToBase64(signed.data) });
        }
      }
    } catch (error) {
      return failure(
        isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error }),
        language,
      );
    }
  };
}

function ok<T>(value: T): RuntimeReply<T> {
  return { ok: true, value };
}

function failure(error: CnsBridgeError, language: Language): RuntimeReply {
  return { ok: false, error: error.serialize(language) };
}
