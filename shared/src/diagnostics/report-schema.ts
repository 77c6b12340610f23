import { z } from "../zod-mini.js";
import { CHECK_AREAS } from "./check-areas.js";

/** Version of the report's JSON shape; bump it when a field changes meaning or disappears. */
export const DIAGNOSTICS_SCHEMA = "cns-bridge.diagnostics/1";

/** ok: nothing to do. warn: works, but something needs attention. fail: blocks use. skip: not applicable here. */
export const checkStatusSchema = z.enum(["ok", "warn", "fail", "skip"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const checkAreaSchema = z.enum(CHECK_AREAS);

/** A sentence in both languages cns-bridge speaks. */
export const localizedTextSchema = z.object({ it: z.string(), en: z.string() });

/** One observed fact: a scalar, or a list of strings (reader names, module paths). */
export const evidenceValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
]);

export const diagnosticCheckSchema = z.object({
  /** Stable dotted id, e.g. `pcsc.readers`, `token.pin`; a check repeated per token or module ends in `#n`. */
  id: z.string().check(z.minLength(1), z.maxLength(80)),
  area: checkAreaSchema,
  status: checkStatusSchema,
  /** What was checked, one short line. */
  title: localizedTextSchema,
  /** What was found, one sentence. */
  summary: localizedTextSchema,
  /** The raw facts behind the verdict (tool outputs parsed, paths, versions); redacted in redacted reports. */
  evidence: z.record(z.string(), evidenceValueSchema),
  /** What the user or the help desk should do; null when there is nothing to do. */
  remedy: z.nullable(localizedTextSchema),
  /** A page that explains the remedy further. */
  docUrl: z.optional(z.url()),
});
export type DiagnosticCheck = z.infer<typeof diagnosticCheckSchema>;

export const diagnosticsSummarySchema = z.object({
  ok: z.int().check(z.gte(0)),
  warn: z.int().check(z.gte(0)),
  fail: z.int().check(z.gte(0)),
  skip: z.int().check(z.gte(0)),
});

export const diagnosticsReportSchema = z.object({
  schema: z.literal(DIAGNOSTICS_SCHEMA),
  /** ISO 8601. */
  generatedAt: z.string(),
  agentVersion: z.string(),
  protocol: z.int(),
  /** True when codici fiscali, names, serials and user paths are masked. */
  redacted: z.boolean(),
  /** The worst status of all checks (skip counts as ok). */
  overall: z.enum(["ok", "warn", "fail"]),
  summary: diagnosticsSummarySchema,
  checks: z.array(diagnosticCheckSchema),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;
