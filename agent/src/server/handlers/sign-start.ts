import type { Handler } from "./handler.js";

export const signStart: Handler<"sign.start"> = async (request, context) => context.jobs.start(request);
