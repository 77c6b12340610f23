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

const keyUsageSchema = z.enum([
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
]);
const oidSchema = z.string().regex(/^[0-2](\.\d+)+$/);

/**
 * The shape of one of the two certificates on every test CNS. Subject values are templates:
 * `{codiceFiscale}`, `{givenName}`, `{surname}`, `{cardSerial}`, `{cardHash}`, `{dnQualifier}`,
 * `{signatureSerialNumber}` are filled from the token spec.
 */
export const profileSpecSchema = z.object({
  usage: z.enum(["authentication", "signature"]),
  /** CKA_ID of the key pair and the certificate, hex. */
  id: z.string().regex(/^([0-9a-f]{2})+$/),
  keyLabel: z.string().min(1),
  certificateLabel: z.string().min(1),
  issuer: z.enum(["signatureCa", "cnsCa"]),
  subject: nameSchema,
  /** Per key type: RFC 5480 forbids keyEncipherment on EC keys. */
  keyUsage: z.object({ RSA: z.array(keyUsageSchema).min(1), EC: z.array(keyUsageSchema).min(1) }),
  /** Marked critical, as the qualified signature profile (ETSI EN 319 412-2) asks of nonRepudiation. */
  keyUsageCritical: z.boolean(),
  extendedKeyUsage: z.array(oidSchema),
  policies: z.array(oidSchema).min(1),
  qcStatements: z.array(z.enum(["QcCompliance", "QcSSCD", "QcType-esign"])),
});
export type ProfileSpec = z.infer<typeof profileSpecSchema>;
