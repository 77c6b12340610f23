import { type AuthToken, CnsBridgeError } from "@cns-bridge/shared";
import type { CnsContext } from "./cns-context.js";
import { ensureLoggedIn } from "./pin-flow.js";

/**
 * The auth token for the route wizard's login to the request portal. Only for the portal
 * configured in the options: the wizard page names the origin it talks to, and anything else
 * is refused, so no page can get a token bound to another site. The holder's click in the
 * wizard is the request; the PIN, when needed, is typed only in the PIN window, which shows the
 * portal's origin. A portal the holder denied in the options stays denied.
 */
export async function authenticateForPortal(
  context: CnsContext,
  configuredOrigin: string,
  requestedOrigin: string,
  nonce: string,
): Promise<AuthToken> {
  if (requestedOrigin !== configuredOrigin) {
    throw new CnsBridgeError("PORTAL_ORIGIN_NOT_CONFIGURED", {
      origin: requestedOrigin.slice(0, 120),
      configured: configuredOrigin,
    });
  }
  if ((await context.sitePermissions.getValue())[configuredOrigin] === "denied") {
    throw new CnsBridgeError("SITE_NOT_ALLOWED", { origin: configuredOrigin });
  }
  const token = await ensureLoggedIn(context, configuredOrigin, "authenticate");
  const reply = await context.connection.request("auth.sign", {
    token: token.serial,
    origin: configuredOrigin,
    nonce,
  });
  return reply.authToken;
}
