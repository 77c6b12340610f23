export {
  CHECK_AREAS,
  type CheckArea,
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
