import { z } from "../zod-mini.js";
import {
  base64Schema,
  certificateUsageSchema,
  digestAlgorithmSchema,
  originSchema,
  pinSchema,
  requestIdSchema,
  sha256HexSchema,
  signatureFormatSchema,
  tokenSelectorSchema,
} from "./fields.js";
import { PROTOCOL_LIMITS } from "./limits.js";

const envelope = { v: z.int(), id: requestIdSchema };

/** `hello`: first message of a connection; the agent answers with its version. */
export const helloRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("hello"),
  /** Version of the extension, for the agent's log and diagnostics. */
  client: z.optional(z.string().check(z.maxLength(64))),
});

/** `tokens.list`: every token present, its PIN state and certificates. */
export const tokensListRequestSchema = z.strictObject({ ...envelope, type: z.literal("tokens.list") });

/** `token.login`: opens the holder's session with the PIN typed in the extension's own window. Never retried. */
export const tokenLoginRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("token.login"),
  token: tokenSelectorSchema,
  pin: pinSchema,
});

/** `token.logout`: closes the holder's session at once. */
export const tokenLogoutRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("token.logout"),
  token: tokenSelectorSchema,
});

/** `certificate.get`: the DER certificate (and known chain) for one usage. */
export const certificateGetRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("certificate.get"),
  token: tokenSelectorSchema,
  usage: certificateUsageSchema,
});

/**
 * `auth.sign`: signs SHA-256(origin) || SHA-256(nonce) with the authentication key.
 * `origin` is filled by the extension from the sender's real URL, never by the page.
 */
export const authSignRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("auth.sign"),
  token: tokenSelectorSchema,
  origin: originSchema,
  /** The server's challenge: base64, 32-256 characters (>= 256 bits recommended). */
  nonce: base64Schema.check(z.minLength(32), z.maxLength(256)),
});

/**
 * `sign.start`: announces one document of a batch. Its content follows in `sign.chunk` frames, or,
 * for a document of at most `PROTOCOL_LIMITS.maxInlineBytes`, comes inline in `content` (then no
 * `sign.chunk` is sent: the next request of the job is `sign.finish`).
 */
export const signStartRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("sign.start"),
  token: tokenSelectorSchema,
  format: signatureFormatSchema,
  /** CAdES only: detached signature (`.p7s`) instead of the enveloping `.p7m`. */
  detached: z._default(z.boolean(), false),
  digestAlgorithm: z._default(digestAlgorithmSchema, "SHA-256"),
  /** The signature certificate unless the holder explicitly chose the authentication one. */
  certificate: z._default(certificateUsageSchema, "signature"),
  /** Shown in the agent's log redacted; used for the output name. */
  fileName: z.string().check(z.minLength(1), z.maxLength(255)),
  /** Declared total size in bytes; the agent refuses more or fewer bytes. */
  size: z.int().check(z.gte(0), z.lte(PROTOCOL_LIMITS.maxDocumentBytes)),
  /** Declared SHA-256 of the whole content; checked before anything is signed. */
  sha256: sha256HexSchema,
  /**
   * The whole document, base64, when it is at most `PROTOCOL_LIMITS.maxInlineBytes`; `size` and
   * `sha256` must still match it (JOB_SIZE_MISMATCH / JOB_HASH_MISMATCH, refused at once).
   */
  content: z.optional(base64Schema.check(z.maxLength(Math.ceil(PROTOCOL_LIMITS.maxInlineBytes / 3) * 4))),
});

/** `sign.chunk`: the next piece of content, in order, at most `chunkBytes` raw bytes. */
export const signChunkRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("sign.chunk"),
  jobId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** 0-based sequence number; gaps or repeats are refused. */
  seq: z.int().check(z.gte(0)),
  data: base64Schema.check(z.maxLength(Math.ceil(PROTOCOL_LIMITS.chunkBytes / 3) * 4)),
});

/** `sign.finish`: all content sent; the agent checks size and SHA-256, then signs. */
export const signFinishRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("sign.finish"),
  jobId: z.string().check(z.minLength(1), z.maxLength(64)),
});

/** `sign.fetch`: one piece of the signed output, by 0-based index. */
export const signFetchRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("sign.fetch"),
  jobId: z.string().check(z.minLength(1), z.maxLength(64)),
  index: z.int().check(z.gte(0)),
});

/** `sign.cancel`: drops a job and everything it buffered. */
export const signCancelRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("sign.cancel"),
  jobId: z.string().check(z.minLength(1), z.maxLength(64)),
});

/** `diagnostics.run`: the agent's side of the "Diagnostica" page; no PIN asked, nothing signed. */
export const diagnosticsRunRequestSchema = z.strictObject({
  ...envelope,
  type: z.literal("diagnostics.run"),
  /** Mask codici fiscali, names, serials and user paths (the default); false only on the user's explicit request. */
  redact: z._default(z.boolean(), true),
});

export const requestSchema = z.discriminatedUnion("type", [
  helloRequestSchema,
  tokensListRequestSchema,
  tokenLoginRequestSchema,
  tokenLogoutRequestSchema,
  certificateGetRequestSchema,
  authSignRequestSchema,
  signStartRequestSchema,
  signChunkRequestSchema,
  signFinishRequestSchema,
  signFetchRequestSchema,
  signCancelRequestSchema,
  diagnosticsRunRequestSchema,
]);

export type AgentRequest = z.infer<typeof requestSchema>;
export type AgentRequestType = AgentRequest["type"];
export type RequestOf<T extends AgentRequestType> = Extract<AgentRequest, { type: T }>;
export const REQUEST_TYPES = requestSchema._zod.def.options.map(
  (option) => option.shape.type._zod.def.values[0],
);
