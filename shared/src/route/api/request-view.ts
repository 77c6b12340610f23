import { z } from "../../zod-mini.js";
import { deviceTypeSchema } from "../data.js";
import { REQUEST_STATES } from "../lifecycle.js";
import { receiptHolderBodySchema, requesterBodySchema, shippingAddressSchema } from "./schemas.js";

/** The data a request collects along the route, each step already validated by the rules. */
export const requestDataSchema = z.object({
  requester: z.optional(requesterBodySchema),
  chamberId: z.optional(z.string()),
  contacts: z.optional(z.object({ email: z.string(), mobile: z.string() })),
  passphraseSet: z.boolean(),
  delivery: z.optional(
    z.discriminatedUnion("method", [
      z.object({ method: z.literal("sportello") }),
      z.object({ method: z.literal("spedizione"), address: shippingAddressSchema }),
    ]),
  ),
  device: z.optional(deviceTypeSchema),
  receiptHolder: receiptHolderBodySchema,
});
export type RequestData = z.infer<typeof requestDataSchema>;

export const DOCUMENT_KINDS = ["modulo-richiesta", "condizioni"] as const;

export const documentViewSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  filename: z.string(),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
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
  price: z.nullable(
    z.object({
      amountCents: z.int(),
      label: z.string(),
      includes: z.array(z.string()),
      formatted: z.string(),
    }),
  ),
  payment: z.nullable(
    z.object({
      noticeNumber: z.string(),
      checkoutUrl: z.nullable(z.string()),
      paid: z.boolean(),
      receiptHolderLocked: z.boolean(),
    }),
  ),
  nextSteps: z.array(z.string()),
});
export type RequestView = z.infer<typeof requestViewSchema>;
