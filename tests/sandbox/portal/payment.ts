import { randomInt } from "node:crypto";
import {
  buildCartRequest,
  buildNoticeNumber,
  CnsBridgeError,
  debtPositionFromNotice,
  decideReceiptRecording,
  isValidPartitaIva,
  type PagopaReceipt,
  pagopaReceiptSchema,
  type PaymentNotice,
  parsePaymentNotice,
  paymentNoticeSchema,
  submitCart,
} from "@cns-bridge/shared";
import type { PortalDb } from "./database.js";
import { holderName } from "./holder-name.js";
import type { StoredRequest } from "./request-store.js";

export interface PagopaConfig {
  /** The stand-in's (or pagoPA's) base URL, e.g. http://127.0.0.1:8092 */
  readonly baseUrl: string;
  readonly creditorFiscalCode: string;
  readonly creditorName: string;
  /** Shared with pagoPA: authenticates the receipt callbacks. */
  readonly callbackSecret: string;
  readonly segregationCode?: number;
  readonly fetch?: typeof fetch;
}

export interface PaymentRow {
  readonly requestId: string;
  readonly noticeNumber: string;
  readonly notice: PaymentNotice;
  readonly checkoutUrl: string | null;
  readonly receipt: PagopaReceipt | null;
}

interface Row {
  request_id: string;
  notice_number: string;
  notice: string;
  checkout_url: string | null;
  receipt: string | null;
}

function toPayment(row: Row): PaymentRow {
  return {
    requestId: row.request_id,
    noticeNumber: row.notice_number,
    notice: paymentNoticeSchema.parse(JSON.parse(row.notice)),
    checkoutUrl: row.checkout_url,
    receipt: row.receipt === null ? null : pagopaReceiptSchema.parse(JSON.parse(row.receipt)),
  };
}

export class PaymentStore {
  constructor(private readonly db: PortalDb) {}

  forRequest(requestId: string): PaymentRow | undefined {
    const row = this.db.prepare("SELECT * FROM payments WHERE request_id = ?").get(requestId) as
      Row | undefined;
    return row === undefined ? undefined : toPayment(row);
  }

  forNotice(noticeNumber: string): PaymentRow | undefined {
    const row = this.db.prepare("SELECT * FROM payments WHERE notice_number = ?").get(noticeNumber) as
      Row | undefined;
    return row === undefined ? undefined : toPayment(row);
  }

  /** One notice per request, ever: the UNIQUE request_id is what makes a second payment impossible. */
  insert(requestId: string, notice: PaymentNotice, now: Date): void {
    this.db
      .prepare(
        "INSERT INTO payments (request_id, notice_number, notice, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(requestId, notice.noticeNumber, JSON.stringify(notice), notice.amountCents, now.toISOString());
  }

  setCheckoutUrl(requestId: string, url: string): void {
    this.db.prepare("UPDATE payments SET checkout_url = ? WHERE request_id = ?").run(url, requestId);
  }

  /** Records the receipt once (decideReceiptRecording); false for an exact redelivery. */
  recordReceipt(receipt: PagopaReceipt): { payment: PaymentRow; recorded: boolean } {
    const payment = this.forNotice(receipt.noticeNumber);
    if (payment === undefined) {
      throw new CnsBridgeError("PAGOPA_RECEIPT_MISMATCH", { field: "noticeNumber" });
    }
    const decision = decideReceiptRecording(payment.receipt ?? undefined, receipt);
    if (decision === "record") {
      this.db
        .prepare("UPDATE payments SET receipt = ? WHERE request_id = ?")
        .run(JSON.stringify(receipt), payment.requestId);
    }
    return { payment, recorded: decision === "record" };
  }
}

/** The notice for a request, made out to the receipt holder chosen before paying. */
export function noticeFor(
  request: StoredRequest,
  amountCents: number,
  description: string,
  config: PagopaConfig,
  dueDate: string,
): PaymentNotice {
  const holder = request.data.receiptHolder;
  const debtor =
    holder.kind === "titolare"
      ? {
          type: "F" as const,
          fiscalCode: request.codiceFiscale,
          fullName: holderName(request) ?? request.codiceFiscale,
        }
      : {
          type: isValidPartitaIva(holder.fiscalCode) ? ("G" as const) : ("F" as const),
          fiscalCode: holder.fiscalCode.trim().toUpperCase(),
          fullName: holder.name.trim(),
        };
  const iuvBase = `${String(randomInt(0, 1e9)).padStart(9, "0")}${String(randomInt(0, 1e4)).padStart(4, "0")}`;
  return parsePaymentNotice({
    noticeNumber: buildNoticeNumber({ segregationCode: config.segregationCode ?? 22, iuvBase }),
    creditor: { fiscalCode: config.creditorFiscalCode, name: config.creditorName },
    debtor: {
      ...debtor,
      ...(request.data.contacts === undefined ? {} : { email: request.data.contacts.email }),
    },
    amountCents,
    description,
    dueDate,
  });
}

function gpdUrl(config: PagopaConfig): string {
  return `${config.baseUrl}/gpd/debt-positions-service/v1/organizations/${config.creditorFiscalCode}/debtpositions`;
}

/** Registers the debt position (published) with GPD. A 409 means it already exists: fine on retry. */
export async function registerDebtPosition(notice: PaymentNotice, config: PagopaConfig): Promise<void> {
  const position = debtPositionFromNotice(notice, {
    iupd: `CNS-${notice.noticeNumber}`,
    switchToExpired: true,
  });
  const response = await (config.fetch ?? fetch)(`${gpdUrl(config)}?toPublish=true`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(position),
  });
  if (response.status !== 201 && response.status !== 409) {
    throw new CnsBridgeError("ROUTE_PAYMENT_UNAVAILABLE", { detail: `GPD HTTP ${response.status}` });
  }
}

/** A Checkout cart for the notice; returns the checkout page's URL. */
export async function openCart(
  notice: PaymentNotice,
  publicOrigin: string,
  requestId: string,
  config: PagopaConfig,
): Promise<string> {
  const back = `${publicOrigin}/richiesta/${requestId}/pagamento`;
  const cart = buildCartRequest({
    notices: [notice],
    returnUrls: {
      returnOkUrl: `${back}?esito=ok`,
      returnCancelUrl: `${back}?esito=annullato`,
      returnErrorUrl: `${back}?esito=errore`,
    },
    ...(notice.debtor.email === undefined ? {} : { emailNotice: notice.debtor.email }),
  });
  return submitCart(cart, `${config.baseUrl}/checkout/ec/v1/carts`, config.fetch ?? fetch);
}
