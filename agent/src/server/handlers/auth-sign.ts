import type { Handler } from "./handler.js";

/** Signs SHA-256(origin) || SHA-256(nonce) with the authentication key; the origin comes from the extension. */
export const authSign: Handler<"auth.sign"> = async (request, context) => ({
  authToken: await context.service.authSign(request.token, request.origin, request.nonce),
});
