import type { AgentReply, AgentRequestType, RequestOf } from "@cns-bridge/shared";
import type { AgentLogger } from "../../logging/logger.js";
import type { AgentService } from "../../service/agent-service.js";
import type { SignJobs } from "../sign-jobs.js";

export interface HandlerContext {
  readonly service: AgentService;
  readonly jobs: SignJobs;
  /** The extension origin this connection was accepted from. */
  readonly origin: string;
  readonly logger: AgentLogger;
}

export type ResultOf<T extends AgentRequestType> = Omit<
  Extract<AgentReply, { type: `${T}.result` }>,
  "v" | "id" | "type"
>;

/** A handler is a plain function of a validated request: the server only routes. */
export type Handler<T extends AgentRequestType> = (
  request: RequestOf<T>,
  context: HandlerContext,
) => Promise<ResultOf<T>>;
