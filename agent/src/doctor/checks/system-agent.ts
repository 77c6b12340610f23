import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from "@cns-bridge/shared";
import { AGENT_VERSION } from "../../server/agent-version.js";
import { type DoctorCheck, finding } from "../check.js";

const base = {
  id: "system.agent",
  area: "system",
  title: { it: "Versione dell'agente", en: "Agent version" },
} as const;

export const systemAgentCheck: DoctorCheck = {
  ...base,
  async run() {
    const text = `cns-bridge agent ${AGENT_VERSION}, protocollo ${PROTOCOL_VERSION} (min ${MIN_SUPPORTED_PROTOCOL_VERSION})`;
    return finding(
      base,
      "ok",
      {
        it: text,
        en: `cns-bridge agent ${AGENT_VERSION}, protocol ${PROTOCOL_VERSION} (min ${MIN_SUPPORTED_PROTOCOL_VERSION})`,
      },
      {
        agentVersion: AGENT_VERSION,
        protocol: PROTOCOL_VERSION,
        minProtocol: MIN_SUPPORTED_PROTOCOL_VERSION,
      },
    );
  },
};
