import { z } from "zod";

/** A distinguished name as ordered [attribute, value] pairs, e.g. ["CN", "TEST InfoCamere Root CA"]. */
const nameSchema = z.array(z.tuple([z.string(), z.string()])).min(1);

const keySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("RSA"), bits: z.union([z.literal(1024), z.literal(2048), z.literal(3072)]) }),
  z.object({ type: z.literal("EC"), curve: z.literal("P-256") }),
]);
export type KeySpec = z.infer<typeof keySchema>;

/** Validity relative to the moment the PKI is made, so "valid now" stays true on any day. */
const validitySchema = z.object({
  startDaysAgo: z.number().int(),
  lifetimeDays: z.number().int().positive(),
});
export type ValiditySpec = z.infer<typeof validitySchema>;

export const caSpecSchema = z.object({
  name: z.enum(["root", "signatureCa", "cnsCa"]),
  issuer: z.literal("root").optional(),
  subject: nameSchema,
  key: keySchema,
  validity: validitySchema,
  pathLength: z.number().int().min(0),
});
export type CaSpec = z.infer<typeof caSpecSchema>;

export const tokenSpecSchema = z.object({
  variant: z.string().regex(/^[a-z0-9-]+$/),
  /** Token label, unique per variant so tests can pick a token by label. */
  label: z.string().min(1).max(32),
  userPin: z.string().min(4).max(16),
  soPin: z.string().min(4).max(16),
  holder: z.object({
    codiceFiscale: z.string().length(16),
    givenName: z.string(),
    surname: z.string(),
  }),
  /** The card serial shown in the authentication certificate's CN ("CF/serial.hash"). */
  cardSerial: z.string().regex(/^\d{16}$/),
  dnQualifier: z.string(),
  key: keySchema,
  validity: validitySchema,
  /** How the signature certificate carries the CF: "TINIT-CF" (current) or "IT:CF" (older cards). */
  signatureSerialNumber: z.enum(["TINIT", "IT"]),
});
export type TokenSpec = z.infer<typeof tokenSpecSchema>;
