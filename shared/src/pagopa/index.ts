export {
  amountCentsSchema,
  euroCentsToDecimal,
  formatEuroCents,
  MAX_AMOUNT_CENTS,
  parseAmountCents,
} from "./amount.js";
export { mod93CheckDigits } from "./check-digits.js";
export {
  buildCartRequest,
  type CartInput,
  type CartPaymentNotice,
  cartPaymentNoticeSchema,
  type CartRequestV1,
  cartRequestV1Schema,
  type CartRequestV2,
  cartRequestV2Schema,
  type CartResponse,
  type CartReturnUrls,
  checkoutUrlFromCartResponse,
  submitCart,
} from "./checkout-cart.js";
export {
  creditorFiscalCodeSchema,
  isValidCreditorFiscalCode,
  parseCreditorFiscalCode,
} from "./creditor-fiscal-code.js";
export {
  type DebtPosition,
  debtPaymentOptionSchema,
  debtPositionFromNotice,
  debtPositionSchema,
  parseDebtPosition,
} from "./debt-position.js";
export { formatItalianDate, isoDateSchema } from "./iso-date.js";
export { type NoticeFaultCode, noticeFaultCodes, PAYMENT_LOCK_MILLISECONDS } from "./node-faults.js";
export {
  type AuxDigit,
  buildNoticeNumber,
  formatNoticeNumber,
  isValidNoticeNumber,
  type NoticeNumberParts,
  noticeNumberSchema,
  type ParsedNoticeNumber,
  parseNoticeNumber,
} from "./notice-number.js";
export { type NoticePdfOptions, renderNoticePdf } from "./notice-pdf.js";
export {
  describeIssues,
  type PagopaSubject,
  pagopaSubjectSchema,
  pagopaText,
  parsePaymentNotice,
  type PaymentNotice,
  paymentNoticeSchema,
} from "./payment-notice.js";
export { type PaymentQrData, parsePaymentQrPayload, paymentQrPayload } from "./payment-qr.js";
export { type ProblemJson, problemJsonSchema } from "./problem-json.js";
export { qrMatrix } from "./qr-matrix.js";
export {
  checkReceiptForNotice,
  decideReceiptRecording,
  type PagopaReceipt,
  pagopaReceiptSchema,
  parseSendReceiptRequest,
  sameSubject,
  type SendReceiptRequest,
  sendReceiptRequestSchema,
  type SendReceiptResponse,
  sendReceiptResponseSchema,
} from "./receipt.js";
export { renderReceiptPdf } from "./receipt-pdf.js";
export {
  RECEIPT_SIGNATURE_HEADER,
  type ReceiptCallback,
  signReceiptBody,
  verifyReceiptCallback,
} from "./receipt-signature.js";
