import type { Handler } from "./handler.js";

export const signFetch: Handler<"sign.fetch"> = async (request, context) =>
  context.jobs.fetch(request.jobId, request.index);
