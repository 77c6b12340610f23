import { z } from "zod";
import { deviceTypeSchema } from "../data.js";
import { REQUEST_STATES } from "../lifecycle.js";
import { receiptHolderBodySchema, requesterBodySchema, shippingAddressSchema } from "./schemas.js";

/** The data a request collects along the route, each step already validated by the rules. */
export const requestDataSchema = z.object({
  requester: requesterBodySchema.optional(),
  chamberId: z.string().optional(),
  contacts: z.object({ email: z.string(), mobile: z.string() }).optional(),
  passphraseSet: z.boolean(),
  delivery: z
    .discriminatedUnion("method", [
      z.object({ method: z.literal("sportello") }),
      z.object({ method: z.literal("spedizione"), address: shippingAddressSchema }),
    ])
    .optional(),
  device: deviceTypeSchema.optional(),
  receiptHolder: receiptHolderBodySchema,
});
export type RequestData = z.infer<typeof requestDataSchema>;

export const DOCUMENT_KINDS = ["modulo-richiesta", "condizioni"] as const;

export const documentViewSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  filename: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signed: z.boolean(),
});
export type DocumentView = z.infer<typeof documentViewSchema>;

/** GET /api/requests/:id, and the answer of every step. */
export const requestViewSchema = z.object({
  id: z.string(),
  state: z.enum(REQUEST_STATES),
  stateLabel: z.string(),
  holder: z.object({ codiceFiscale: z.string(), givenName: z.string(), surname: z.string() }),
  data: requestDataSchema,
  missing: z.array(z.string()),
  documents: z.array(documentViewSchema),
  price: z
    .object({
      amountCents: z.number().int(),
      label: z.string(),
      includes: z.array(z.string()),
      formatted: z.string(),
    })
    .nullable(),
  payment: z
    .object({
      noticeNumber: z.string(),
      checkoutUrl: z.string().nullable(),
      paid: z.boolean(),
      receiptHolderLocked: z.boolean(),
    })
    .nullable(),
  nextSteps: z.array(z.string()),
});
export type RequestView = z.infer<typeof requestViewSchema>;
