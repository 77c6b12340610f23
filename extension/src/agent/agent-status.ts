import type { TokenSummary } from "@cns-bridge/shared";

/**
 * What the extension knows about the agent and the card, in the order a holder fixes problems:
 * start cns-bridge, update it, insert the CNS, type the PIN.
 */
export type AgentStatus =
  | { readonly kind: "connecting" }
  | { readonly kind: "agent-missing" }
  | { readonly kind: "agent-too-old"; readonly agentVersion: string }
  | { readonly kind: "extension-too-old"; readonly agentVersion: string }
  | { readonly kind: "no-token"; readonly agentVersion: string }
  | { readonly kind: "token-present"; readonly agentVersion: string; readonly token: TokenSummary }
  | { readonly kind: "logged-in"; readonly agentVersion: string; readonly token: TokenSummary };

export type AgentStatusKind = AgentStatus["kind"];

/** The token requests go to, when the status has one. */
export function tokenOf(status: AgentStatus): TokenSummary | null {
  return status.kind === "token-present" || status.kind === "logged-in" ? status.token : null;
}
