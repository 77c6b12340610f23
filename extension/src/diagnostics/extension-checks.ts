import type { DiagnosticCheck } from "@cns-bridge/shared";
import type { AgentStatus } from "../agent/agent-status.js";
import type { SiteDecision } from "../storage-items.js";
import { bilingual } from "./bilingual.js";

/** A check of the report; the extension's own checks have the area "extension" and may link to a page. */
export type ShownCheck = Omit<DiagnosticCheck, "area"> & {
  readonly area: DiagnosticCheck["area"] | "extension";
  /** Label of the `docUrl` link when it is not a documentation page (e.g. the options). */
  readonly linkLabel?: DiagnosticCheck["title"];
};

export interface ExtensionFacts {
  readonly status: AgentStatus;
  readonly extensionVersion: string;
  /** The protocol this extension speaks and the oldest it accepts from the agent. */
  readonly protocol: { readonly current: number; readonly minSupported: number };
  /** The agent's protocol as its report states it, when a report came. */
  readonly agentProtocol: number | null;
  readonly agentUrl: string;
  readonly sitePermissions: Readonly<Record<string, SiteDecision>>;
  readonly developerMode: boolean;
  /** The options page, where sites are revoked and developer mode is switched. */
  readonly optionsUrl: string;
}

/** The checks only the extension can make, shown before the agent's: reachability, versions, sites, developer mode. */
export function extensionChecks(facts: ExtensionFacts): ShownCheck[] {
  return [agentReachable(facts), protocolCompatible(facts), sitePermissions(facts), developerMode(facts)];
}

function agentReachable({ status, agentUrl }: ExtensionFacts): ShownCheck {
  const base = { id: "extension.agent", area: "extension", title: bilingual("diagCheckAgentTitle") } as const;
  if (status.kind === "agent-missing") {
    return {
      ...base,
      status: "fail",
      summary: bilingual("diagCheckAgentMissing", agentUrl),
      evidence: { url: agentUrl, state: status.kind },
      remedy: bilingual("diagCheckAgentMissingRemedy"),
    };
  }
  if (status.kind === "connecting") {
    return {
      ...base,
      status: "warn",
      summary: bilingual("diagCheckAgentConnecting", agentUrl),
      evidence: { url: agentUrl, state: status.kind },
      remedy: bilingual("diagCheckAgentConnectingRemedy"),
    };
  }
  return {
    ...base,
    status: "ok",
    summary: bilingual("diagCheckAgentReachable", agentUrl, status.agentVersion),
    evidence: { url: agentUrl, state: status.kind, agentVersion: status.agentVersion },
    remedy: null,
  };
}

function protocolCompatible({
  status,
  protocol,
  agentProtocol,
  extensionVersion,
}: ExtensionFacts): ShownCheck {
  const base = {
    id: "extension.protocol",
    area: "extension",
    title: bilingual("diagCheckProtocolTitle"),
    evidence: {
      extensionVersion,
      extensionProtocol: protocol.current,
      extensionMinProtocol: protocol.minSupported,
      agentProtocol,
      agentVersion: "agentVersion" in status ? status.agentVersion : null,
    },
  } as const;
  if (status.kind === "agent-too-old") {
    return {
      ...base,
      status: "fail",
      summary: bilingual("diagCheckProtocolAgentOld", status.agentVersion),
      remedy: bilingual("diagCheckProtocolAgentOldRemedy"),
    };
  }
  if (status.kind === "extension-too-old") {
    return {
      ...base,
      status: "fail",
      summary: bilingual("diagCheckProtocolExtensionOld", status.agentVersion),
      remedy: bilingual("diagCheckProtocolExtensionOldRemedy"),
    };
  }
  if (status.kind === "agent-missing" || status.kind === "connecting") {
    return { ...base, status: "skip", summary: bilingual("diagCheckProtocolUnknown"), remedy: null };
  }
  return {
    ...base,
    status: "ok",
    summary: bilingual("diagCheckProtocolOk", agentProtocol ?? protocol.current, status.agentVersion),
    remedy: null,
  };
}

function sitePermissions({ sitePermissions: decisions, optionsUrl }: ExtensionFacts): ShownCheck {
  const values = Object.values(decisions);
  const allowed = values.filter((decision) => decision === "allowed").length;
  const denied = values.length - allowed;
  return {
    id: "extension.sites",
    area: "extension",
    status: "ok",
    title: bilingual("diagCheckSitesTitle"),
    summary:
      values.length === 0
        ? bilingual("diagCheckSitesNone")
        : bilingual("diagCheckSitesCount", allowed, denied),
    evidence: { allowed, denied },
    remedy: null,
    docUrl: optionsUrl,
    linkLabel: bilingual("diagOpenOptions"),
  };
}

function developerMode({ developerMode: on, optionsUrl }: ExtensionFacts): ShownCheck {
  return {
    id: "extension.developer-mode",
    area: "extension",
    status: on ? "warn" : "ok",
    title: bilingual("diagCheckDeveloperTitle"),
    summary: bilingual(on ? "diagCheckDeveloperOn" : "diagCheckDeveloperOff"),
    evidence: { developerMode: on },
    remedy: on ? bilingual("diagCheckDeveloperOnRemedy") : null,
    docUrl: optionsUrl,
    linkLabel: bilingual("diagOpenOptions"),
  };
}
