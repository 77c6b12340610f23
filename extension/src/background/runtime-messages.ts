import {
  base64Schema,
  originSchema,
  pinSchema,
  sha256HexSchema,
  signatureFormatSchema,
} from "@cns-bridge/shared";
import { z } from "@cns-bridge/shared/zod-mini";

const dialogId = z.string().check(z.minLength(1), z.maxLength(64));
const jobId = z.string().check(z.minLength(1), z.maxLength(64));

/**
 * Every message the background accepts from the extension's pages and content script, validated
 * on arrival. Page API requests are wrapped as `page-api` and validated by the page API schemas.
 */
export const runtimeMessageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("status:get") }),
  z.strictObject({ kind: z.literal("status:reconnect") }),
  z.strictObject({ kind: z.literal("token:logout") }),
  z.strictObject({ kind: z.literal("diagnostics:run"), redact: z.boolean() }),
  z.strictObject({ kind: z.literal("page-api"), request: z.unknown() }),
  z.strictObject({ kind: z.literal("dialog:get"), id: dialogId }),
  z.strictObject({ kind: z.literal("dialog:confirm"), id: dialogId }),
  z.strictObject({ kind: z.literal("dialog:refuse"), id: dialogId }),
  z.strictObject({ kind: z.literal("pin:submit"), id: dialogId, pin: pinSchema }),
  z.strictObject({
    kind: z.literal("sign:begin"),
    format: signatureFormatSchema,
    files: z
      .array(
        z.strictObject({
          name: z.string().check(z.minLength(1), z.maxLength(255)),
          size: z.int().check(z.gte(0)),
          sha256: sha256HexSchema,
        }),
      )
      .check(z.minLength(1), z.maxLength(64)),
    /**
     * The site the signed documents are for: sent only by the route wizard (route.html), and only
     * for the request portal configured in the options; the consent window names both.
     */
    site: z.optional(originSchema),
  }),
  z.strictObject({ kind: z.literal("sign:chunk"), jobId, seq: z.int().check(z.gte(0)), data: base64Schema }),
  z.strictObject({ kind: z.literal("sign:finish"), jobId }),
  z.strictObject({ kind: z.literal("sign:fetch"), jobId, index: z.int().check(z.gte(0)) }),
  /**
   * The route wizard's login to the request portal: an auth token over the portal's challenge,
   * bound to `origin`, which must be the portal configured in the options.
   */
  z.strictObject({
    kind: z.literal("portal:authenticate"),
    origin: originSchema,
    /** The portal's challenge nonce, as in the page API's authenticate. */
    nonce: base64Schema.check(z.minLength(32), z.maxLength(256)),
  }),
  z.strictObject({
    kind: z.literal("attach:sign"),
    format: signatureFormatSchema,
    name: z.string().check(z.minLength(1), z.maxLength(255)),
    data: base64Schema,
  }),
]);
export type RuntimeMessage = z.infer<typeof runtimeMessageSchema>;

/** Every answer of the background: a value, or a coded error in the holder's language. */
export type RuntimeReply<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: { code: string; message: string; params?: Record<string, string | number> };
    };
