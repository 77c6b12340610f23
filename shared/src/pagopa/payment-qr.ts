import { CnsBridgeError } from "../errors/index.js";
import { parseAmountCents } from "./amount.js";
import { parseCreditorFiscalCode } from "./creditor-fiscal-code.js";
import { parseNoticeNumber } from "./notice-number.js";

/** The payment QR code of an avviso: `PAGOPA|002|<NAV>|<creditor fiscal code>|<amount in cents>`. */
export interface PaymentQrData {
  readonly noticeNumber: string;
  readonly creditorFiscalCode: string;
  readonly amountCents: number;
}

const QR_PREFIX = "PAGOPA";
const QR_VERSION = "002";

export function paymentQrPayload({ noticeNumber, creditorFiscalCode, amountCents }: PaymentQrData): string {
  parseNoticeNumber(noticeNumber);
  parseCreditorFiscalCode(creditorFiscalCode);
  parseAmountCents(amountCents);
  return [QR_PREFIX, QR_VERSION, noticeNumber, creditorFiscalCode, amountCents.toString()].join("|");
}

/** Reads a scanned payload back; every field is checked as strictly as when it was written. */
export function parsePaymentQrPayload(payload: unknown): PaymentQrData {
  if (typeof payload !== "string" || payload.length > 64) {
    throw new CnsBridgeError("PAGOPA_QR_PAYLOAD_INVALID", { detail: "not a short string" });
  }
  const fields = payload.split("|");
  const [prefix, version, noticeNumber, creditorFiscalCode, amount] = fields;
  if (fields.length !== 5 || prefix !== QR_PREFIX || version !== QR_VERSION) {
    throw new CnsBridgeError("PAGOPA_QR_PAYLOAD_INVALID", {
      detail: "expected PAGOPA|002|NAV|fiscal code|amount",
    });
  }
  if (amount === undefined || !/^[1-9][0-9]{0,10}$/.test(amount)) {
    throw new CnsBridgeError("PAGOPA_QR_PAYLOAD_INVALID", { detail: "the amount is not whole cents" });
  }
  return {
    noticeNumber: parseNoticeNumber(noticeNumber).noticeNumber,
    creditorFiscalCode: parseCreditorFiscalCode(creditorFiscalCode),
    amountCents: parseAmountCents(Number(amount)),
  };
}
