import { randomUUID } from "node:crypto";
import {
  type NoticeFaultCode,
  PAYMENT_LOCK_MILLISECONDS,
  parseNoticeNumber,
  type SendReceiptRequest,
  sendReceiptRequestSchema,
} from "@cns-bridge/shared";
import { type Cart, getCart } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { changeStatus, getPositionByNotice, navOf, type StoredPosition } from "./debt-positions.js";
import { findMethod, type Outcome, type PaymentMethod } from "./payment-methods.js";

/** One line of a cart as the node sees it: the creditor's own data, or why it cannot be paid. */
export interface CartNoticeView {
  readonly noticeNumber: string;
  readonly fiscalCode: string;
  readonly companyName: string;
  readonly description: string;
  /** The creditor's amount: the cart's amount is what the creditor asked, the position is the truth. */
  readonly amountCents: number;
  readonly fault?: NoticeFaultCode;
  /** Set when this very cart paid the notice. */
  readonly receiptId?: string;
}

interface NoticeRow {
  locked_by_cart: string | null;
  locked_until: number | null;
  receipt_id: string | null;
}

function noticeRow(db: StandInDatabase, organization: string, noticeNumber: string): NoticeRow | undefined {
  return db
    .prepare(
      "SELECT locked_by_cart, locked_until, receipt_id FROM notices WHERE organization_fiscal_code = ? AND notice_number = ?",
    )
    .get(organization, noticeNumber) as NoticeRow | undefined;
}

function paidByCart(db: StandInDatabase, receiptId: string, cartId: string): boolean {
  return (
    db.prepare("SELECT 1 FROM receipts WHERE receipt_id = ? AND cart_id = ?").get(receiptId, cartId) !==
    undefined
  );
}

/** The node's checks in its order: known, not cancelled, not expired, not paid, not being paid. */
function faultFor(
  db: StandInDatabase,
  cartId: string,
  position: StoredPosition | undefined,
  row: NoticeRow | undefined,
  now: Date,
): NoticeFaultCode | undefined {
  if (position === undefined || row === undefined || position.status === "DRAFT")
    return "PAA_PAGAMENTO_SCONOSCIUTO";
  if (position.status === "INVALID") return "PAA_PAGAMENTO_ANNULLATO";
  if (row.receipt_id !== null)
    return paidByCart(db, row.receipt_id, cartId) ? undefined : "PAA_PAGAMENTO_DUPLICATO";
  const option = position.position.paymentOption[0];
  if (
    position.position.switchToExpired &&
    option !== undefined &&
    Date.parse(option.dueDate) < now.getTime()
  ) {
    return "PAA_PAGAMENTO_SCADUTO";
  }
  if (
    row.locked_by_cart !== null &&
    row.locked_by_cart !== cartId &&
    (row.locked_until ?? 0) > now.getTime()
  ) {
    return "PPT_PAGAMENTO_IN_CORSO";
  }
  return undefined;
}

export function viewCart(db: StandInDatabase, cart: Cart, now: Date): CartNoticeView[] {
  return cart.request.paymentNotices.map((item) => {
    const position = getPositionByNotice(db, item.fiscalCode, item.noticeNumber);
    const row = noticeRow(db, item.fiscalCode, item.noticeNumber);
    const fault = faultFor(db, cart.id, position, row, now);
    const option = position?.position.paymentOption[0];
    return {
      noticeNumber: item.noticeNumber,
      fiscalCode: item.fiscalCode,
      companyName: position?.position.companyName ?? item.companyName,
      description: option?.description ?? item.description,
      amountCents: option?.amount ?? item.amount,
      ...(fault === undefined ? {} : { fault }),
      ...(row?.receipt_id !== null && row?.receipt_id !== undefined && fault === undefined
        ? { receiptId: row.receipt_id }
        : {}),
    };
  });
}

export type ActivateResult =
  | { readonly kind: "activated"; readonly attemptId: string }
  | { readonly kind: "fault"; readonly fault: NoticeFaultCode }
  | { readonly kind: "closed" };

/**
 * activatePaymentNotice for every notice of the cart, all or none: each notice is locked to
 * this cart for 30 minutes, so another tab or another cart gets PPT_PAGAMENTO_IN_CORSO.
 */
export function activateCart(
  db: StandInDatabase,
  cartId: string,
  method: PaymentMethod,
  now: Date,
): ActivateResult {
  return db.transaction((): ActivateResult => {
    const cart = getCart(db, cartId);
    if (cart === undefined || cart.outcome !== null) return { kind: "closed" };
    const views = viewCart(db, cart, now);
    const fault = views.find((view) => view.fault !== undefined)?.fault;
    if (fault !== undefined) return { kind: "fault", fault };
    const lockUntil = now.getTime() + PAYMENT_LOCK_MILLISECONDS;
    for (const view of views) {
      db.prepare(
        "UPDATE notices SET locked_by_cart = ?, locked_until = ? WHERE organization_fiscal_code = ? AND notice_number = ?",
      ).run(cartId, lockUntil, view.fiscalCode, view.noticeNumber);
    }
    const attemptId = randomUUID();
    db.prepare("INSERT INTO attempts (id, cart_id, method, created_at) VALUES (?, ?, ?, ?)").run(
      attemptId,
      cartId,
      method.id,
      now.toISOString(),
    );
    return { kind: "activated", attemptId };
  })();
}

export interface Attempt {
  readonly id: string;
  readonly cartId: string;
  readonly method: PaymentMethod;
  readonly outcome: Outcome | null;
}

export function getAttempt(db: StandInDatabase, cartId: string, attemptId: string): Attempt | undefined {
  const row = db.prepare("SELECT * FROM attempts WHERE id = ? AND cart_id = ?").get(attemptId, cartId) as
    { id: string; cart_id: string; method: string; outcome: Outcome | null } | undefined;
  const method = findMethod(row?.method);
  if (row === undefined || method === undefined) return undefined;
  return { id: row.id, cartId: row.cart_id, method, outcome: row.outcome };
}

export interface PaymentContext {
  readonly now: Date;
  readonly stationId: (organization: string) => string;
}

/**
 * Closes a payment attempt with its outcome, once. Whatever the browser does (double submit,
 * back button, a second tab on the same cart) the first close wins and later ones read it back.
 * On success every notice gets its receipt in the same transaction as the payment, so a crash
 * cannot leave a paid notice without a receipt to deliver.
 */
export function closeAttempt(
  db: StandInDatabase,
  cartId: string,
  attemptId: string,
  requested: Outcome,
  context: PaymentContext,
): Outcome {
  return db.transaction((): Outcome => {
    const attempt = getAttempt(db, cartId, attemptId);
    const cart = getCart(db, cartId);
    if (attempt === undefined || cart === undefined) throw new Error("unknown attempt");
    if (attempt.outcome !== null) return attempt.outcome;
    if (cart.outcome !== null) {
      setAttemptOutcome(db, attemptId, cart.outcome);
      return cart.outcome;
    }
    let outcome = requested;
    let fault: NoticeFaultCode | undefined;
    if (requested === "success") {
      fault = viewCart(db, cart, context.now).find((view) => view.fault !== undefined)?.fault;
      if (fault === undefined) {
        recordPayment(db, cart, attempt, context);
      } else {
        outcome = "error";
      }
    }
    if (outcome !== "success" && outcome !== "waiting") releaseLocks(db, cartId);
    setAttemptOutcome(db, attemptId, outcome);
    db.prepare("UPDATE carts SET outcome = ?, fault_code = ? WHERE id = ?").run(
      outcome,
      fault ?? null,
      cartId,
    );
    return outcome;
  })();
}

/** The payer left before choosing a method ("Annulla" on the first page). */
export function cancelCart(db: StandInDatabase, cartId: string): Outcome | undefined {
  return db.transaction((): Outcome | undefined => {
    const cart = getCart(db, cartId);
    if (cart === undefined) return undefined;
    if (cart.outcome !== null) return cart.outcome;
    releaseLocks(db, cartId);
    db.prepare("UPDATE carts SET outcome = 'cancelled' WHERE id = ?").run(cartId);
    return "cancelled";
  })();
}

function setAttemptOutcome(db: StandInDatabase, attemptId: string, outcome: Outcome) {
  db.prepare("UPDATE attempts SET outcome = ? WHERE id = ?").run(outcome, attemptId);
}

function releaseLocks(db: StandInDatabase, cartId: string) {
  db.prepare("UPDATE notices SET locked_by_cart = NULL, locked_until = NULL WHERE locked_by_cart = ?").run(
    cartId,
  );
}

function recordPayment(db: StandInDatabase, cart: Cart, attempt: Attempt, context: PaymentContext) {
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
        paymentMethod: attempt.method.receiptCode,
        // One transaction, one fee: it goes on the first receipt of the cart.
        feeCents: index === 0 ? attempt.method.feeCents : 0,
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
