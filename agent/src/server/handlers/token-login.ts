import type { Handler } from "./handler.js";

/** One C_Login with the PIN the holder typed; a failure is reported, never retried. */
export const tokenLogin: Handler<"token.login"> = async (request, context) =>
  context.service.login(request.token, request.pin);
