import { z } from "../zod-mini.js";
import { authTokenSchema } from "../auth-token/auth-token-schema.js";
import { diagnosticsReportSchema } from "../diagnostics/report-schema.js";
import {
  base64Schema,
  certificateSummarySchema,
  pinFlagsSchema,
  requestIdSchema,
  sha256HexSchema,
  tokenSummarySchema,
} from "./fields.js";

const replyEnvelope = { v: z.int(), id: requestIdSchema };

export const helloResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("hello.result"),
  agentVersion: z.string(),
  /** The protocol version the agent speaks, and the oldest it still accepts. */
  protocol: z.int(),
  minProtocol: z.int(),
});

export const tokensListResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("tokens.list.result"),
  tokens: z.array(tokenSummarySchema),
});

export const tokenLoginResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("token.login.result"),
  label: z.string(),
  serial: z.string(),
  pinFlags: pinFlagsSchema,
});

export const tokenLogoutResultSchema = z.object({ ...replyEnvelope, type: z.literal("token.logout.result") });

export const certificateGetResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("certificate.get.result"),
  /** DER, base64. */
  certificate: base64Schema,
  /** Known issuing chain, DER base64, issuer first. */
  chain: z.array(base64Schema),
  summary: certificateSummarySchema,
});

export const authSignResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("auth.sign.result"),
  authToken: authTokenSchema,
});

export const signStartResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("sign.start.result"),
  jobId: z.string(),
  /** Raw bytes the client should put in each `sign.chunk`. */
  chunkBytes: z.int().check(z.positive()),
});

export const signChunkResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("sign.chunk.result"),
  /** Bytes received so far for the job. */
  received: z.int().check(z.gte(0)),
});

export const signFinishResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("sign.finish.result"),
  /** Suggested file name of the signed output (`x.pdf.p7m`, `x-firmato.pdf`...). */
  outputName: z.string(),
  outputSize: z.int().check(z.gte(0)),
  sha256: sha256HexSchema,
  /** Pieces to fetch with `sign.fetch`, indexes 0..chunkCount-1; 0 when `data` carries the output. */
  chunkCount: z.int().check(z.gte(0)),
  /**
   * The whole signed output, base64, for a job started with inline `content` whose output fits in
   * one piece (`PROTOCOL_LIMITS.chunkBytes`); the job is then closed. Absent otherwise: fetch the
   * pieces.
   */
  data: z.optional(base64Schema),
});

export const signFetchResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("sign.fetch.result"),
  index: z.int().check(z.gte(0)),
  data: base64Schema,
  last: z.boolean(),
});

export const signCancelResultSchema = z.object({ ...replyEnvelope, type: z.literal("sign.cancel.result") });

export const diagnosticsRunResultSchema = z.object({
  ...replyEnvelope,
  type: z.literal("diagnostics.run.result"),
  report: diagnosticsReportSchema,
});

/** Any failure: stable code, message in the agent's language, optional parameters. */
export const errorReplySchema = z.object({
  v: z.int(),
  /** The request id, or null when the frame was too broken to have one. */
  id: z.nullable(requestIdSchema),
  type: z.literal("error"),
  error: z.object({
    code: z.string(),
    message: z.string(),
    params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  }),
});

export const replySchema = z.discriminatedUnion("type", [
  helloResultSchema,
  tokensListResultSchema,
  tokenLoginResultSchema,
  tokenLogoutResultSchema,
  certificateGetResultSchema,
  authSignResultSchema,
  signStartResultSchema,
  signChunkResultSchema,
  signFinishResultSchema,
  signFetchResultSchema,
  signCancelResultSchema,
  diagnosticsRunResultSchema,
  errorReplySchema,
]);
export type AgentReply = z.infer<typeof replySchema>;
