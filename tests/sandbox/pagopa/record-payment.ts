import { randomUUID } from "node:crypto";
import { parseNoticeNumber, type SendReceiptRequest, sendReceiptRequestSchema } from "@cns-bridge/shared";
import type { Cart } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { changeStatus, getPositionByNotice, navOf } from "./debt-positions.js";
import type { PaymentMethod } from "./payment-methods.js";

export interface PaymentContext {
  readonly now: Date;
  readonly stationId: (organization: string) => string;
}

/**
 * Marks every notice of the cart paid and writes its receipt, in the caller's transaction: a
 * crash cannot leave a paid notice without a receipt to deliver. The UPDATE ... WHERE
 * receipt_id IS NULL and the UNIQUE receipts table refuse a second payment of a notice.
 */
export function recordPayment(
  db: StandInDatabase,
  cart: Cart,
  method: PaymentMethod,
  context: PaymentContext,
) {
  cart.request.paymentNotices.forEach((item, index) => {
    const position = getPositionByNotice(db, item.fiscalCode, item.noticeNumber);
    const option = position?.position.paymentOption[0];
    if (position === undefined || option === undefined) throw new Error("a verified notice vanished");
    const receiptId = randomUUID();
    const request: SendReceiptRequest = sendReceiptRequestSchema.parse({
      idPA: item.fiscalCode,
      idStation: context.stationId(item.fiscalCode),
      receipt: {
        receiptId,
        noticeNumber: item.noticeNumber,
        fiscalCode: item.fiscalCode,
        outcome: "OK",
        creditorReferenceId: parseNoticeNumber(navOf(position.position)).iuv,
        paymentAmountCents: option.amount,
        description: option.description,
        companyName: position.position.companyName,
        // The holder as the creditor registered it at this moment: from now on it cannot change.
        debtor: {
          type: position.position.type,
          fiscalCode: position.position.fiscalCode,
          fullName: position.position.fullName,
        },
        idPSP: "SANDBOX_PSP",
        pspCompanyName: "PSP di prova (sandbox pagoPA)",
        paymentMethod: method.receiptCode,
        // One transaction, one fee: it goes on the first receipt of the cart.
        feeCents: index === 0 ? method.feeCents : 0,
        paymentDateTime: context.now.toISOString(),
      },
    });
    const marked = db
      .prepare(
        "UPDATE notices SET receipt_id = ?, locked_by_cart = NULL, locked_until = NULL WHERE organization_fiscal_code = ? AND notice_number = ? AND receipt_id IS NULL",
      )
      .run(receiptId, item.fiscalCode, item.noticeNumber);
    if (marked.changes !== 1) throw new Error("notice already paid: refusing a second payment");
    db.prepare(
      "INSERT INTO receipts (receipt_id, organization_fiscal_code, notice_number, cart_id, request, next_delivery_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(
      receiptId,
      item.fiscalCode,
      item.noticeNumber,
      cart.id,
      JSON.stringify(request),
      context.now.getTime(),
    );
    changeStatus(db, item.fiscalCode, position.position.iupd, "VALID", "PAID", context.now);
    db.prepare("UPDATE debt_positions SET paid_at = ? WHERE organization_fiscal_code = ? AND iupd = ?").run(
      context.now.toISOString(),
      item.fiscalCode,
      position.position.iupd,
    );
  });
}
