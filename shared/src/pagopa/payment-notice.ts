import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";
import { amountCentsSchema } from "./amount.js";
import { creditorFiscalCodeSchema } from "./creditor-fiscal-code.js";
import { isoDateSchema } from "./iso-date.js";
import { noticeNumberSchema } from "./notice-number.js";

/** Text fields keep pagoPA's lengths (stText70, stText140) and refuse control characters. */
export function pagopaText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(/^[^\p{Cc}]*$/u, "control characters are not allowed");
}

/**
 * A subject on a notice or a receipt (pagoPA `ctSubject`): a natural person (F) identified by
 * codice fiscale, or a legal person (G) identified by an 11-digit fiscal code. The codice
 * fiscale is checked for shape here; its check character is the business of the CNS rules.
 */
export const pagopaSubjectSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("F"),
    fiscalCode: z
      .string()
      .regex(
        /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/,
        "a codice fiscale of 16 upper-case characters is expected",
      ),
    fullName: pagopaText(70),
    email: z.email().max(256).optional(),
  }),
  z.object({
    type: z.literal("G"),
    fiscalCode: z.string().regex(/^[0-9]{11}$/, "an 11-digit fiscal code is expected"),
    fullName: pagopaText(70),
    email: z.email().max(256).optional(),
  }),
]);
export type PagopaSubject = z.infer<typeof pagopaSubjectSchema>;

/**
 * What a creditor (for this project, a Camera di Commercio) asks a debtor to pay: one notice,
 * one amount, one due date. Amounts are integer euro cents.
 */
export const paymentNoticeSchema = z.object({
  noticeNumber: noticeNumberSchema,
  creditor: z.object({
    fiscalCode: creditorFiscalCodeSchema,
    name: pagopaText(140),
    officeName: pagopaText(140).optional(),
  }),
  debtor: pagopaSubjectSchema,
  amountCents: amountCentsSchema,
  /** The causale: what the payment is for. */
  description: pagopaText(140),
  dueDate: isoDateSchema,
});
export type PaymentNotice = z.infer<typeof paymentNoticeSchema>;

export function parsePaymentNotice(value: unknown): PaymentNotice {
  const result = paymentNoticeSchema.safeParse(value);
  if (!result.success) {
    throw new CnsBridgeError("PAGOPA_NOTICE_INVALID", { detail: describeIssues(result.error) });
  }
  return result.data;
}

/** One line naming every bad field, so the caller fixes them all at once. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
