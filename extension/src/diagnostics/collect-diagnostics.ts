import {
  CnsBridgeError,
  type DiagnosticsReport,
  isCnsBridgeError,
  type Language,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
} from "@cns-bridge/shared";
import type { AgentStatus } from "../agent/agent-status.js";
import type { SiteDecision } from "../storage-items.js";
import type { DiagnosticsDocument } from "./diagnostics-document.js";
import { extensionChecks } from "./extension-checks.js";

export interface DiagnosticsSources {
  /**
   * `diagnostics.run` through the background, which validated the agent's report with the shared
   * schema when it arrived (the edge); rejects with a CnsBridgeError.
   */
  readonly runAgent: (redact: boolean) => Promise<DiagnosticsReport>;
  readonly status: () => Promise<AgentStatus>;
  readonly agentPort: () => Promise<number>;
  readonly sitePermissions: () => Promise<Record<string, SiteDecision>>;
  readonly developerMode: () => Promise<boolean>;
  readonly extensionVersion: string;
  readonly optionsUrl: string;
  readonly now: () => Date;
}

/**
 * One run of the "Diagnostica" page: the agent's report (its failure kept as a message), then the
 * extension's own checks from the state seen right after.
 */
export async function collectDiagnostics(
  sources: DiagnosticsSources,
  redact: boolean,
  language: Language,
): Promise<DiagnosticsDocument> {
  let agentReport: DiagnosticsReport | null = null;
  let agentError: string | null = null;
  try {
    agentReport = await sources.runAgent(redact);
  } catch (error) {
    agentError = (isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL")).messageIn(language);
  }
  const [status, port, sites, developerMode] = await Promise.all([
    sources.status(),
    sources.agentPort(),
    sources.sitePermissions(),
    sources.developerMode(),
  ]);
  return {
    generatedAt: sources.now().toISOString(),
    extensionVersion: sources.extensionVersion,
    extensionChecks: extensionChecks({
      status,
      extensionVersion: sources.extensionVersion,
      protocol: { current: PROTOCOL_VERSION, minSupported: MIN_SUPPORTED_PROTOCOL_VERSION },
      agentProtocol: agentReport?.protocol ?? null,
      agentUrl: `ws://127.0.0.1:${port}`,
      sitePermissions: sites,
      developerMode,
      optionsUrl: sources.optionsUrl,
    }),
    agentReport,
    agentError,
  };
}
