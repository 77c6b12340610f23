import { CnsBridgeError, type TokenSummary } from "@cns-bridge/shared";
import type { AgentStatus } from "../agent/agent-status.js";

/** The CNS to use now, or the coded reason there is none (what the holder must do first). */
export function requireToken(status: AgentStatus): TokenSummary {
  switch (status.kind) {
    case "token-present":
    case "logged-in":
      return status.token;
    case "no-token":
      throw new CnsBridgeError("NO_TOKEN");
    case "agent-too-old":
      throw new CnsBridgeError("AGENT_TOO_OLD", { agentVersion: status.agentVersion });
    case "extension-too-old":
      throw new CnsBridgeError("EXTENSION_TOO_OLD", { agentVersion: status.agentVersion });
    case "connecting":
    case "agent-missing":
      throw new CnsBridgeError("AGENT_NOT_RUNNING");
  }
}
