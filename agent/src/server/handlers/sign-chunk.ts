import type { Handler } from "./handler.js";

export const signChunk: Handler<"sign.chunk"> = async (request, context) =>
  context.jobs.chunk(request.jobId, request.seq, request.data);
