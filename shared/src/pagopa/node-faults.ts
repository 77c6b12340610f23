/**
 * The node's fault codes for a notice that cannot be paid, in the order the node checks them.
 * They are error codes of the catalog too, so a payer reads them in Italian.
 */
export const noticeFaultCodes = [
  "PAA_PAGAMENTO_SCONOSCIUTO",
  "PAA_PAGAMENTO_ANNULLATO",
  "PAA_PAGAMENTO_DUPLICATO",
  "PAA_PAGAMENTO_SCADUTO",
  "PPT_PAGAMENTO_IN_CORSO",
] as const;
export type NoticeFaultCode = (typeof noticeFaultCodes)[number];

/** How long a started payment locks its notice (activatePaymentNotice's default expiry). */
export const PAYMENT_LOCK_MILLISECONDS = 30 * 60 * 1000;
