import { type DiagnosticsReport, diagnosticsReportSchema } from "@cns-bridge/shared";
import type { CnsContext } from "./cns-context.js";

/** The agent's checks take a few seconds (system tools, every PKCS#11 module): a longer wait than other requests. */
export const DIAGNOSTICS_TIMEOUT_MS = 120_000;

/**
 * `diagnostics.run` on the agent for the "Diagnostica" page: redacted unless the holder asked to
 * see personal data. The connection validates the reply; the report is checked again here so the
 * page only ever receives the shared schema's shape.
 */
export async function runAgentDiagnostics(
  context: Pick<CnsContext, "connection">,
  redact: boolean,
): Promise<DiagnosticsReport> {
  const reply = await context.connection.request("diagnostics.run", { redact }, DIAGNOSTICS_TIMEOUT_MS);
  return diagnosticsReportSchema.parse(reply.report);
}
