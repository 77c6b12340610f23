import { noticeFaultCodes } from "@cns-bridge/shared";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { viewCart } from "./cart-view.js";
import { getCart, returnUrlFor, setCartEmail } from "./carts.js";
import {
  faultView,
  methodsView,
  notFoundView,
  outcomeView,
  payFormView,
  summaryView,
  type View,
} from "./checkout-views.js";
import type { StandInDatabase } from "./database.js";
import { page, PAGE_HEADERS } from "./html.js";
import {
  cardFormProblems,
  findMethod,
  type Outcome,
  outcomeForCard,
  outcomeSchema,
} from "./payment-methods.js";
import { activateCart, cancelCart, closeAttempt, getAttempt } from "./payments.js";
import { receiptsOfCart } from "./receipt-delivery.js";
import type { PaymentContext } from "./record-payment.js";

export interface CheckoutPagesDependencies {
  readonly db: StandInDatabase;
  readonly clock: () => Date;
  readonly paymentContext: () => PaymentContext;
  /** Called after a successful payment so the receipt leaves at once instead of at the next tick. */
  readonly onPaid: () => void;
  /** Delay before the outcome page sends the browser back to the creditor; 0: only the button. */
  readonly autoReturnSeconds: number;
}

function send(c: Context, status: 200 | 400 | 404 | 409, view: View) {
  return c.html(page(view.title, view.body, view.className, view.refresh), status, PAGE_HEADERS);
}

const emailSchema = z.email().max(256);

/** Reads what the payment form says the payer asked for; `problems` when the card form is wrong. */
function requestedOutcome(
  form: Record<string, unknown>,
  methodId: string,
  now: Date,
): { outcome: Outcome } | { problems: string[] } {
  if (form.action === "cancel") return { outcome: "cancelled" };
  if (methodId !== "card") {
    const simulated = outcomeSchema.safeParse(form.simulated);
    return { outcome: simulated.success ? simulated.data : "error" };
  }
  const card = {
    number: typeof form.number === "string" ? form.number : "",
    expiry: typeof form.expiry === "string" ? form.expiry : "",
    cvv: typeof form.cvv === "string" ? form.cvv : "",
    holder: typeof form.holder === "string" ? form.holder : "",
  };
  const problems = cardFormProblems(card, now);
  return problems.length > 0 ? { problems } : { outcome: outcomeForCard(card.number.replace(/[\s-]/g, "")) };
}

/**
 * The checkout pages, in the order of the real flow: summary and "Entra con email", choice of
 * the method (this activates the notices), the payment form, the outcome with the way back
 * to the creditor. Every step re-reads the database, so the back button and a second tab only
 * ever see the truth; every closed cart sends the browser to its outcome.
 */
export function registerCheckoutPages(app: Hono, deps: CheckoutPagesDependencies): void {
  const { db, clock } = deps;
  const outcomePath = (cartId: string) => `/c/${cartId}/esito`;

  app.get("/c/:cartId", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return send(c, 404, notFoundView());
    if (cart.outcome !== null) return c.redirect(outcomePath(cart.id), 303);
    const views = viewCart(db, cart, clock());
    const fault = views.find((view) => view.fault !== undefined)?.fault;
    return fault === undefined
      ? send(c, 200, summaryView(cart, views))
      : send(c, 409, faultView(cart, fault));
  });

  app.post("/c/:cartId/email", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return send(c, 404, notFoundView());
    if (cart.outcome !== null) return c.redirect(outcomePath(cart.id), 303);
    const form = await c.req.parseBody();
    const email = emailSchema.safeParse(typeof form.email === "string" ? form.email.trim() : undefined);
    if (!email.success) {
      return send(
        c,
        400,
        summaryView(cart, viewCart(db, cart, clock()), "Inserisci un indirizzo email valido."),
      );
    }
    setCartEmail(db, cart.id, email.data);
    return c.redirect(`/c/${cart.id}/metodo`, 303);
  });

  app.post("/c/:cartId/annulla", (c) => {
    const cartId = c.req.param("cartId");
    return cancelCart(db, cartId) === undefined
      ? send(c, 404, notFoundView())
      : c.redirect(outcomePath(cartId), 303);
  });

  app.get("/c/:cartId/metodo", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return send(c, 404, notFoundView());
    if (cart.outcome !== null) return c.redirect(outcomePath(cart.id), 303);
    if (cart.email === null) return c.redirect(`/c/${cart.id}`, 303);
    return send(c, 200, methodsView(cart, viewCart(db, cart, clock())));
  });

  app.post("/c/:cartId/metodo", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return send(c, 404, notFoundView());
    const method = findMethod((await c.req.parseBody()).method);
    if (method === undefined) return c.redirect(`/c/${cart.id}/metodo`, 303);
    const result = activateCart(db, cart.id, method, clock());
    switch (result.kind) {
      case "closed":
        return c.redirect(outcomePath(cart.id), 303);
      case "fault":
        return send(c, 409, faultView(cart, result.fault));
      case "activated":
        return c.redirect(`/c/${cart.id}/paga/${result.attemptId}`, 303);
    }
  });

  app.get("/c/:cartId/paga/:attemptId", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    const attempt = getAttempt(db, c.req.param("cartId"), c.req.param("attemptId"));
    if (cart === undefined || attempt === undefined) return send(c, 404, notFoundView());
    if (attempt.outcome !== null || cart.outcome !== null) return c.redirect(outcomePath(cart.id), 303);
    return send(c, 200, payFormView(cart, attempt.id, attempt.method, viewCart(db, cart, clock()), []));
  });

  app.post("/c/:cartId/paga/:attemptId", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    const attempt = getAttempt(db, c.req.param("cartId"), c.req.param("attemptId"));
    if (cart === undefined || attempt === undefined) return send(c, 404, notFoundView());
    const requested = requestedOutcome(await c.req.parseBody(), attempt.method.id, clock());
    if ("problems" in requested) {
      // A form re-posted after the payment closed goes to the outcome, never back to the form.
      if (attempt.outcome !== null || cart.outcome !== null) return c.redirect(outcomePath(cart.id), 303);
      const views = viewCart(db, cart, clock());
      return send(c, 400, payFormView(cart, attempt.id, attempt.method, views, requested.problems));
    }
    const outcome = closeAttempt(db, cart.id, attempt.id, requested.outcome, deps.paymentContext());
    if (outcome === "success") deps.onPaid();
    return c.redirect(outcomePath(cart.id), 303);
  });

  app.get("/c/:cartId/esito", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return send(c, 404, notFoundView());
    if (cart.outcome === null) return c.redirect(`/c/${cart.id}`, 303);
    const fault = noticeFaultCodes.find((code) => code === cart.faultCode);
    const view = outcomeView(
      cart,
      cart.outcome,
      returnUrlFor(cart, cart.outcome),
      receiptsOfCart(db, cart.id),
      fault,
      deps.autoReturnSeconds,
    );
    return send(c, 200, view);
  });
}
