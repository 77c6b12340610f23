import { randomUUID } from "node:crypto";
import { type NoticeFaultCode, PAYMENT_LOCK_MILLISECONDS } from "@cns-bridge/shared";
import { viewCart } from "./cart-view.js";
import { type Cart, getCart } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { findMethod, type Outcome, type PaymentMethod } from "./payment-methods.js";
import { type PaymentContext, recordPayment } from "./record-payment.js";

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
    const outcome = settleCart(db, cart, attempt.method, requested, context);
    setAttemptOutcome(db, attemptId, outcome);
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

/**
 * Gives the cart its outcome. Success is re-checked against the notices first (the lock may
 * have expired and another cart paid meanwhile): then the payment becomes an error carrying
 * the node's fault. Only success and waiting keep the notices locked.
 */
function settleCart(
  db: StandInDatabase,
  cart: Cart,
  method: PaymentMethod,
  requested: Outcome,
  context: PaymentContext,
): Outcome {
  let outcome = requested;
  let fault: NoticeFaultCode | undefined;
  if (requested === "success") {
    fault = viewCart(db, cart, context.now).find((view) => view.fault !== undefined)?.fault;
    if (fault === undefined) {
      recordPayment(db, cart, method, context);
    } else {
      outcome = "error";
    }
  }
  if (outcome !== "success" && outcome !== "waiting") releaseLocks(db, cart.id);
  db.prepare("UPDATE carts SET outcome = ?, fault_code = ? WHERE id = ?").run(
    outcome,
    fault ?? null,
    cart.id,
  );
  return outcome;
}

export type ResolveResult =
  | { readonly kind: "not-found" }
  | { readonly kind: "not-waiting"; readonly outcome: Outcome | null }
  | { readonly kind: "resolved"; readonly outcome: Outcome };

/**
 * The PSP's late answer to a payment left waiting: success writes the receipts (and the payer,
 * long gone back to the creditor's waiting page, learns it from the receipt only), anything
 * else frees the notices.
 */
export function resolveWaitingCart(
  db: StandInDatabase,
  cartId: string,
  final: "success" | "refused" | "error",
  context: PaymentContext,
): ResolveResult {
  return db.transaction((): ResolveResult => {
    const cart = getCart(db, cartId);
    if (cart === undefined) return { kind: "not-found" };
    if (cart.outcome !== "waiting") return { kind: "not-waiting", outcome: cart.outcome };
    const row = db
      .prepare(
        "SELECT id FROM attempts WHERE cart_id = ? AND outcome = 'waiting' ORDER BY rowid DESC LIMIT 1",
      )
      .get(cartId) as { id: string } | undefined;
    const attempt = row === undefined ? undefined : getAttempt(db, cartId, row.id);
    if (attempt === undefined) return { kind: "not-found" };
    const outcome = settleCart(db, cart, attempt.method, final, context);
    setAttemptOutcome(db, attempt.id, outcome);
    return { kind: "resolved", outcome };
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
