import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { AgentStatus } from "../agent/agent-status.js";
import { askBackground } from "./background-client.js";

/** The background's view of agent and token, kept live by its `status:changed` broadcasts. */
export function useAgentStatus(): AgentStatus {
  const [status, setStatus] = useState<AgentStatus>({ kind: "connecting" });
  useEffect(() => {
    const listener = (message: unknown) => {
      const update = message as { kind?: unknown; status?: AgentStatus } | null;
      if (update?.kind === "status:changed" && update.status !== undefined) setStatus(update.status);
    };
    browser.runtime.onMessage.addListener(listener);
    askBackground<AgentStatus>({ kind: "status:get" }).then(setStatus, () =>
      setStatus({ kind: "agent-missing" }),
    );
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
  return status;
}
