import { z } from "../zod-mini.js";
import { authTokenSchema } from "../auth-token/auth-token-schema.js";
import {
  base64Schema,
  certificateUsageSchema,
  sha256HexSchema,
  signatureFormatSchema,
} from "../protocol/fields.js";
import { PAGE_API_LIMITS, PAGE_API_VERSION } from "./actions.js";

/** Chosen by the page, echoed in the reply: 1-64 chars of [A-Za-z0-9_.:-]. */
export const pageRequestIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w.:-]+$/));

const envelope = { requestId: pageRequestIdSchema };

/** `cns-bridge:status`: is the extension there, is the agent running, is a token present. */
export const pageStatusRequestSchema = z.strictObject({
  ...envelope,
  action: z.literal("cns-bridge:status"),
});

/** `cns-bridge:authenticate`: the server's challenge; the origin is added by the extension, never by the page. */
export const pageAuthenticateRequestSchema = z.strictObject({
  ...envelope,
  action: z.literal("cns-bridge:authenticate"),
  /** base64, 32-256 characters (createChallenge() gives 44). */
  nonce: base64Schema.check(z.minLength(32), z.maxLength(256)),
});

/** `cns-bridge:get-certificate`: one of the two CNS certificates, DER base64 (default: authentication). */
export const pageGetCertificateRequestSchema = z.strictObject({
  ...envelope,
  action: z.literal("cns-bridge:get-certificate"),
  usage: z._default(certificateUsageSchema, "authentication"),
});

/** One document to sign: its file name and content (standard base64). */
export const pageDocumentSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[^/\\\0]+$/)),
  data: base64Schema,
});

/** `cns-bridge:sign`: documents -> signed files, after the holder's consent and PIN. */
export const pageSignRequestSchema = z
  .strictObject({
    ...envelope,
    action: z.literal("cns-bridge:sign"),
    format: signatureFormatSchema,
    documents: z.array(pageDocumentSchema).check(z.minLength(1), z.maxLength(PAGE_API_LIMITS.maxDocuments)),
  })
  .check(
    z.refine(
      (request) =>
        request.documents.reduce((total, document) => total + (document.data.length / 4) * 3, 0) <=
        PAGE_API_LIMITS.maxTotalDocumentBytes + 2 * PAGE_API_LIMITS.maxDocuments,
      { message: `documents larger than ${PAGE_API_LIMITS.maxTotalDocumentBytes} bytes in total` },
    ),
  );

export const pageRequestSchema = z.union([
  pageStatusRequestSchema,
  pageAuthenticateRequestSchema,
  pageGetCertificateRequestSchema,
  pageSignRequestSchema,
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** What `cns-bridge:status` reports; no personal data. */
export const pageStatusSchema = z.enum([
  "agent-missing",
  "agent-too-old",
  "extension-too-old",
  "no-token",
  "token-present",
  "logged-in",
]);

const replyEnvelope = { requestId: pageRequestIdSchema, version: z.literal(PAGE_API_VERSION) };

export const pageStatusSuccessSchema = z.strictObject({
  ...replyEnvelope,
  action: z.literal("cns-bridge:status-success"),
  extensionVersion: z.string(),
  status: pageStatusSchema,
});
export const pageAuthenticateSuccessSchema = z.strictObject({
  ...replyEnvelope,
  action: z.literal("cns-bridge:authenticate-success"),
  authToken: authTokenSchema,
});
export const pageGetCertificateSuccessSchema = z.strictObject({
  ...replyEnvelope,
  action: z.literal("cns-bridge:get-certificate-success"),
  /** DER, base64. */
  certificate: base64Schema,
  /** Issuing chain, DER base64, issuer first. */
  chain: z.array(base64Schema),
});
export const signedDocumentSchema = z.strictObject({
  name: z.string(),
  data: base64Schema,
  sha256: sha256HexSchema,
});
export const pageSignSuccessSchema = z.strictObject({
  ...replyEnvelope,
  action: z.literal("cns-bridge:sign-success"),
  documents: z.array(signedDocumentSchema),
});
export const pageFailureSchema = z.strictObject({
  ...replyEnvelope,
  action: z.enum([
    "cns-bridge:status-failure",
    "cns-bridge:authenticate-failure",
    "cns-bridge:get-certificate-failure",
    "cns-bridge:sign-failure",
  ]),
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  }),
});

export const pageReplySchema = z.union([
  pageStatusSuccessSchema,
  pageAuthenticateSuccessSchema,
  pageGetCertificateSuccessSchema,
  pageSignSuccessSchema,
  pageFailureSchema,
]);
export type PageReply = z.infer<typeof pageReplySchema>;
export type PageStatus = z.infer<typeof pageStatusSchema>;
export type SignedDocument = z.infer<typeof signedDocumentSchema>;
