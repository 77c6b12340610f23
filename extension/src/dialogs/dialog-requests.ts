import {
  originSchema,
  type PinFlags,
  pinFlagsSchema,
  sha256HexSchema,
  signatureFormatSchema,
} from "@cns-bridge/shared";
import { z } from "@cns-bridge/shared/zod-mini";

/** Why the PIN is asked: shown to the holder in the PIN window. */
export const pinReasonSchema = z.enum(["authenticate", "sign", "certificate", "login"]);

/** What the PIN window shows: who asks, why, and the card's tries-left flags. */
export const pinDialogSchema = z.strictObject({
  kind: z.literal("pin"),
  /** The site's origin, or the extension's own page ("extension"). */
  origin: z.string(),
  reason: pinReasonSchema,
  tokenLabel: z.string(),
  pinFlags: pinFlagsSchema,
});

export const consentFileSchema = z.strictObject({
  name: z.string(),
  size: z.int().check(z.gte(0)),
  sha256: sha256HexSchema,
});

/**
 * Who asks when the signature comes from the extension's own route wizard ("Richiedi nuovo
 * dispositivo"): that page, for the request portal (origin) that receives the signed documents.
 */
export const consentRequesterSchema = z.strictObject({
  page: z.literal("route"),
  site: originSchema,
});

/** What the consent window lists before anything is signed. */
export const consentDialogSchema = z.strictObject({
  kind: z.literal("consent"),
  origin: z.string(),
  format: signatureFormatSchema,
  files: z.array(consentFileSchema).check(z.minLength(1)),
  requester: z.optional(consentRequesterSchema),
});

/** First use of the CNS by a site. */
export const siteDialogSchema = z.strictObject({
  kind: z.literal("site"),
  origin: z.string(),
});

export const dialogRequestSchema = z.discriminatedUnion("kind", [
  pinDialogSchema,
  consentDialogSchema,
  siteDialogSchema,
]);
export type DialogRequest = z.infer<typeof dialogRequestSchema>;
export type PinDialogRequest = z.infer<typeof pinDialogSchema>;
export type ConsentDialogRequest = z.infer<typeof consentDialogSchema>;
export type ConsentRequester = z.infer<typeof consentRequesterSchema>;
export type PinReason = z.infer<typeof pinReasonSchema>;
export type { PinFlags };

/** The extension page that shows each kind of dialog. */
export const DIALOG_PAGES = { pin: "/pin.html", consent: "/consent.html", site: "/consent.html" } as const;
