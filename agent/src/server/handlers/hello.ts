import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from "@cns-bridge/shared";
import { AGENT_VERSION } from "../agent-version.js";
import type { Handler } from "./handler.js";

export const hello: Handler<"hello"> = async (request, context) => {
  context.logger.info({ client: request.client, origin: context.origin }, "hello");
  return {
    agentVersion: AGENT_VERSION,
    protocol: PROTOCOL_VERSION,
    minProtocol: MIN_SUPPORTED_PROTOCOL_VERSION,
  };
};
