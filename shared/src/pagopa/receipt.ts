import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";
import { amountCentsSchema, MAX_AMOUNT_CENTS } from "./amount.js";
import { creditorFiscalCodeSchema } from "./creditor-fiscal-code.js";
import { noticeNumberSchema } from "./notice-number.js";
import {
  describeIssues,
  pagopaSubjectSchema,
  pagopaText,
  type PagopaSubject,
  type PaymentNotice,
} from "./payment-notice.js";

/**
 * The pagoPA receipt (ricevuta telematica) as the node sends it to the creditor with paSendRT
 * (`ctReceipt` in pagopa-api `wsdl/xsd/paForNode.xsd`), in JSON and with amounts in cents.
 * `debtor` is the receipt's holder (intestatario): fixed when the payment is made.
 */
export const pagopaReceiptSchema = z.object({
  receiptId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "letters, digits and dashes, at most 64"),
  noticeNumber: noticeNumberSchema,
  /** The creditor's fiscal code. */
  fiscalCode: creditorFiscalCodeSchema,
  outcome: z.literal("OK"),
  /** The IUV. */
  creditorReferenceId: z.string().regex(/^[0-9]{15,17}$/),
  paymentAmountCents: amountCentsSchema,
  description: pagopaText(140),
  companyName: pagopaText(140),
  debtor: pagopaSubjectSchema,
  payer: pagopaSubjectSchema.optional(),
  idPSP: pagopaText(35),
  pspCompanyName: pagopaText(70),
  paymentMethod: pagopaText(35),
  feeCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS).optional(),
  paymentDateTime: z.iso.datetime({ offset: true }),
});
export type PagopaReceipt = z.infer<typeof pagopaReceiptSchema>;

/** The body of the receipt callback (paSendRT): the creditor, the station, the receipt. */
export const sendReceiptRequestSchema = z.object({
  idPA: creditorFiscalCodeSchema,
  idStation: pagopaText(35),
  receipt: pagopaReceiptSchema,
});
export type SendReceiptRequest = z.infer<typeof sendReceiptRequestSchema>;

/** The creditor's acknowledgement (paSendRTRes): only `OK` stops the node's retries. */
export const sendReceiptResponseSchema = z.object({
  outcome: z.enum(["OK", "KO"]),
  fault: z.object({ faultCode: z.string(), description: z.string().optional() }).optional(),
});
export type SendReceiptResponse = z.infer<typeof sendReceiptResponseSchema>;

export function parseSendReceiptRequest(value: unknown): SendReceiptRequest {
  const result = sendReceiptRequestSchema.safeParse(value);
  if (!result.success) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_INVALID", { detail: describeIssues(result.error) });
  }
  if (result.data.idPA !== result.data.receipt.fiscalCode) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_INVALID", { detail: "idPA is not the receipt's creditor" });
  }
  return result.data;
}

/**
 * Checks a receipt against the notice the creditor issued: the browser's return to
 * `returnOkUrl` proves nothing, this receipt is what confirms the payment.
 */
export function checkReceiptForNotice(receipt: PagopaReceipt, notice: PaymentNotice): void {
  const mismatches: [string, boolean][] = [
    ["noticeNumber", receipt.noticeNumber !== notice.noticeNumber],
    ["fiscalCode", receipt.fiscalCode !== notice.creditor.fiscalCode],
    ["paymentAmountCents", receipt.paymentAmountCents !== notice.amountCents],
    ["debtor", !sameSubject(receipt.debtor, notice.debtor)],
  ];
  const wrong = mismatches.find(([, differs]) => differs);
  if (wrong !== undefined) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_MISMATCH", { field: wrong[0] });
  }
}

export function sameSubject(a: PagopaSubject, b: PagopaSubject): boolean {
  return a.type === b.type && a.fiscalCode === b.fiscalCode && a.fullName === b.fullName;
}

/**
 * What a creditor's accounting does with an incoming receipt, given the one it already holds
 * for that notice (if any): record it once, ignore an exact redelivery, and refuse a receipt
 * that would change the holder afterwards or a second payment of the same notice.
 */
export function decideReceiptRecording(
  recorded: PagopaReceipt | undefined,
  incoming: PagopaReceipt,
): "record" | "duplicate" {
  if (recorded === undefined) {
    return "record";
  }
  if (recorded.noticeNumber !== incoming.noticeNumber) {
    throw new CnsBridgeError("BAD_USAGE", { detail: "compare receipts of the same notice" });
  }
  if (recorded.receiptId !== incoming.receiptId) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_DOUBLE_PAYMENT", {
      noticeNumber: incoming.noticeNumber,
      first: recorded.receiptId,
      second: incoming.receiptId,
    });
  }
  if (
    !sameSubject(recorded.debtor, incoming.debtor) ||
    (recorded.payer === undefined) !== (incoming.payer === undefined) ||
    (recorded.payer !== undefined &&
      incoming.payer !== undefined &&
      !sameSubject(recorded.payer, incoming.payer))
  ) {
    throw new CnsBridgeError("PAGOPA_RECEIPT_HOLDER_CHANGED");
  }
  return "duplicate";
}
