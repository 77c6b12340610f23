import type { Handler } from "./handler.js";

export const tokenLogout: Handler<"token.logout"> = async (request, context) => {
  await context.service.logout(request.token);
  return {};
};
