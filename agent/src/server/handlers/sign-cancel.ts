import type { Handler } from "./handler.js";

export const signCancel: Handler<"sign.cancel"> = async (request, context) => {
  await context.jobs.cancel(request.jobId);
  return {};
};
