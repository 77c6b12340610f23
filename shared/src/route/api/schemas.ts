import { z } from "zod";
import { deviceTypeSchema } from "../data.js";
import { REQUEST_STATES } from "../lifecycle.js";

const text = (max: number) => z.string().max(max);

/** POST /api/requests/:id/requester */
export const requesterBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("privato"), residenceProvince: text(4) }).strict(),
  z
    .object({
      type: z.literal("legale-rappresentante"),
      partitaIva: text(16),
      rea: text(16),
      registeredOfficeProvince: text(4),
      firstForCompany: z.boolean(),
    })
    .strict(),
]);
export type RequesterBody = z.infer<typeof requesterBodySchema>;

/** POST /api/requests/:id/contacts */
export const contactsBodySchema = z.object({ email: text(254), mobile: text(32) }).strict();
export type ContactsBody = z.infer<typeof contactsBodySchema>;

/** POST /api/requests/:id/passphrase. The passphrase is stored only as a salted hash. */
export const passphraseBodySchema = z.object({ passphrase: text(256) }).strict();
export type PassphraseBody = z.infer<typeof passphraseBodySchema>;

export const shippingAddressSchema = z
  .object({
    country: text(2),
    recipient: text(120),
    street: text(120),
    cap: text(5),
    comune: text(120),
    provincia: text(4),
  })
  .strict();

/** POST /api/requests/:id/delivery */
export const deliveryBodySchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("sportello") }).strict(),
  z.object({ method: z.literal("spedizione"), address: shippingAddressSchema }).strict(),
]);
export type DeliveryBody = z.infer<typeof deliveryBodySchema>;

/** POST /api/requests/:id/device */
export const deviceBodySchema = z.object({ device: deviceTypeSchema }).strict();
export type DeviceBody = z.infer<typeof deviceBodySchema>;

/** POST /api/requests/:id/receipt-holder: who the pagoPA receipt is made out to; locked once paying starts. */
export const receiptHolderBodySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("titolare") }).strict(),
  z
    .object({
      kind: z.literal("altro-soggetto"),
      /** Codice fiscale or partita IVA of the company or professional firm. */
      fiscalCode: text(16),
      name: text(140),
    })
    .strict(),
]);
export type ReceiptHolderBody = z.infer<typeof receiptHolderBodySchema>;

/** POST /api/session: the auth token made by the extension over the challenge's nonce (checked by verifyAuthToken). */
export const loginBodySchema = z.object({ token: z.unknown(), challengeId: text(64) }).strict();
export type LoginBody = z.infer<typeof loginBodySchema>;

export const requestStateSchema = z.enum(REQUEST_STATES);
