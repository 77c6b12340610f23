import type { Handler } from "./handler.js";

export const tokensList: Handler<"tokens.list"> = async (_request, context) => ({
  tokens: await context.service.listTokens(),
});
