import { z } from "../../zod-mini.js";
import { deviceTypeSchema } from "../data.js";
import { REQUEST_STATES } from "../lifecycle.js";

const text = (max: number) => z.string().check(z.maxLength(max));

/** POST /api/requests/:id/requester */
export const requesterBodySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("privato"), residenceProvince: text(4) }),
  z.strictObject({
    type: z.literal("legale-rappresentante"),
    partitaIva: text(16),
    rea: text(16),
    registeredOfficeProvince: text(4),
    firstForCompany: z.boolean(),
  }),
]);
export type RequesterBody = z.infer<typeof requesterBodySchema>;

/** POST /api/requests/:id/contacts */
export const contactsBodySchema = z.strictObject({ email: text(254), mobile: text(32) });
export type ContactsBody = z.infer<typeof contactsBodySchema>;

/** POST /api/requests/:id/passphrase. The passphrase is stored only as a salted hash. */
export const passphraseBodySchema = z.strictObject({ passphrase: text(256) });
export type PassphraseBody = z.infer<typeof passphraseBodySchema>;

export const shippingAddressSchema = z.strictObject({
  country: text(2),
  recipient: text(120),
  street: text(120),
  cap: text(5),
  comune: text(120),
  provincia: text(4),
});

/** POST /api/requests/:id/delivery */
export const deliveryBodySchema = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("sportello") }),
  z.strictObject({ method: z.literal("spedizione"), address: shippingAddressSchema }),
]);
export type DeliveryBody = z.infer<typeof deliveryBodySchema>;

/** POST /api/requests/:id/device */
export const deviceBodySchema = z.strictObject({ device: deviceTypeSchema });
export type DeviceBody = z.infer<typeof deviceBodySchema>;

/** POST /api/requests/:id/receipt-holder: who the pagoPA receipt is made out to; locked once paying starts. */
export const receiptHolderBodySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("titolare") }),
  z.strictObject({
    kind: z.literal("altro-soggetto"),
    /** Codice fiscale or partita IVA of the company or professional firm. */
    fiscalCode: text(16),
    name: text(140),
  }),
]);
export type ReceiptHolderBody = z.infer<typeof receiptHolderBodySchema>;

/** POST /api/session: the auth token made by the extension over the challenge's nonce (checked by verifyAuthToken). */
export const loginBodySchema = z.strictObject({ token: z.unknown(), challengeId: text(64) });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const requestStateSchema = z.enum(REQUEST_STATES);
