export { CHECK_AREAS, type CheckArea } from "./check-areas.js";
export {
  type CheckStatus,
  checkAreaSchema,
  checkStatusSchema,
  DIAGNOSTICS_SCHEMA,
  type DiagnosticCheck,
  diagnosticCheckSchema,
  type DiagnosticsReport,
  diagnosticsReportSchema,
  diagnosticsSummarySchema,
  evidenceValueSchema,
  localizedTextSchema,
} from "./report-schema.js";
export { summarizeChecks } from "./summarize-checks.js";
