import type { Handler } from "./handler.js";

export const signFinish: Handler<"sign.finish"> = async (request, context) =>
  context.jobs.finish(request.jobId);
