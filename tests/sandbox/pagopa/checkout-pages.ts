import {
  CnsBridgeError,
  formatEuroCents,
  formatNoticeNumber,
  type NoticeFaultCode,
  noticeFaultCodes,
} from "@cns-bridge/shared";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { type Cart, getCart, returnUrlFor, setCartEmail } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { html, page, PAGE_HEADERS, type SafeHtml } from "./html.js";
import {
  cardFormProblems,
  findMethod,
  type Outcome,
  outcomeForCard,
  outcomeSchema,
  paymentCatalog,
} from "./payment-methods.js";
import {
  activateCart,
  type CartNoticeView,
  cancelCart,
  closeAttempt,
  getAttempt,
  type PaymentContext,
  viewCart,
} from "./payments.js";
import { receiptsOfCart } from "./receipt-delivery.js";

export interface CheckoutPagesDependencies {
  readonly db: StandInDatabase;
  readonly clock: () => Date;
  readonly paymentContext: () => PaymentContext;
  /** Called after a successful payment so the receipt leaves at once instead of at the next tick. */
  readonly onPaid: () => void;
}

function send(c: Context, status: 200 | 400 | 404 | 409, title: string, body: SafeHtml, outcomeClass = "") {
  return c.html(page(title, body, outcomeClass), status, PAGE_HEADERS);
}

function seeOther(c: Context, location: string) {
  return c.redirect(location, 303);
}

function faultMessage(fault: NoticeFaultCode): string {
  return new CnsBridgeError(fault).messageIn("it");
}

/** Fees may be zero, which an amount may not. */
function formatFee(cents: number): string {
  return cents === 0 ? "0,00" : formatEuroCents(cents);
}

function total(views: readonly CartNoticeView[]): number {
  return views.reduce((sum, view) => sum + view.amountCents, 0);
}

function noticeList(views: readonly CartNoticeView[]): SafeHtml[] {
  return views.map(
    (view) =>
      html`<dl class="notice">
        <dt>Ente Creditore</dt>
        <dd>${view.companyName}</dd>
        <dt>Oggetto del pagamento</dt>
        <dd>${view.description}</dd>
        <dt>Numero Avviso</dt>
        <dd>${formatNoticeNumber(view.noticeNumber)}</dd>
        <dt>Codice Fiscale Ente Creditore</dt>
        <dd>${view.fiscalCode}</dd>
        <dt>Importo</dt>
        <dd>${formatEuroCents(view.amountCents)} €</dd>
      </dl>`,
  );
}

function faultPage(c: Context, cart: Cart, fault: NoticeFaultCode) {
  return send(
    c,
    409,
    "Pagamento non possibile",
    html`<h1>Non è possibile procedere con il pagamento</h1>
      <p class="errors" data-fault="${fault}">${faultMessage(fault)} <small>(${fault})</small></p>
      <a class="button" href="${cart.request.returnUrls.returnErrorUrl}">Torna al sito dell'ente</a>`,
  );
}

function notFound(c: Context) {
  return send(
    c,
    404,
    "Carrello non trovato",
    html`<h1>Carrello non trovato</h1>
      <p>Il link di pagamento non è valido o è scaduto.</p>`,
  );
}

const emailSchema = z.email().max(256);

/**
 * The checkout pages, in the order of the real flow: summary and "Entra con email", choice of
 * the method (this activates the notices), the payment form, the outcome with the way back
 * to the creditor. Every step re-reads the database, so the back button and a second tab only
 * ever see the truth.
 */
export function registerCheckoutPages(app: Hono, deps: CheckoutPagesDependencies): void {
  const { db, clock } = deps;

  function emailPage(
    c: Context,
    cart: Cart,
    views: CartNoticeView[],
    problem?: string,
    status: 200 | 400 = 200,
  ) {
    return send(
      c,
      status,
      "Entra con email",
      html`<h1>Paga un avviso</h1>
        ${noticeList(views)}
        <p class="total">Totale: <span data-total>${formatEuroCents(total(views))} €</span></p>
        <h2>Entra con email</h2>
        ${problem === undefined ? undefined : html`<p class="errors">${problem}</p>`}
        <form method="post" action="/c/${cart.id}/email">
          <label for="email">Indirizzo email</label>
          <input
            type="email"
            id="email"
            name="email"
            required
            maxlength="256"
            value="${cart.email ?? cart.request.emailNotice ?? ""}"
          />
          <p class="hint">Riceverai l'esito del pagamento e la ricevuta a questo indirizzo.</p>
          <button type="submit">Continua</button>
        </form>
        <form method="post" action="/c/${cart.id}/annulla">
          <button class="secondary" type="submit">Annulla</button>
        </form>`,
    );
  }

  app.get("/c/:cartId", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return notFound(c);
    if (cart.outcome !== null) return seeOther(c, `/c/${cart.id}/esito`);
    const views = viewCart(db, cart, clock());
    const fault = views.find((view) => view.fault !== undefined)?.fault;
    return fault === undefined ? emailPage(c, cart, views) : faultPage(c, cart, fault);
  });

  app.post("/c/:cartId/email", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return notFound(c);
    if (cart.outcome !== null) return seeOther(c, `/c/${cart.id}/esito`);
    const form = await c.req.parseBody();
    const email = emailSchema.safeParse(typeof form.email === "string" ? form.email.trim() : undefined);
    if (!email.success) {
      return emailPage(c, cart, viewCart(db, cart, clock()), "Inserisci un indirizzo email valido.", 400);
    }
    setCartEmail(db, cart.id, email.data);
    return seeOther(c, `/c/${cart.id}/metodo`);
  });

  app.post("/c/:cartId/annulla", (c) => {
    const outcome = cancelCart(db, c.req.param("cartId"));
    return outcome === undefined ? notFound(c) : seeOther(c, `/c/${c.req.param("cartId")}/esito`);
  });

  app.get("/c/:cartId/metodo", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return notFound(c);
    if (cart.outcome !== null) return seeOther(c, `/c/${cart.id}/esito`);
    if (cart.email === null) return seeOther(c, `/c/${cart.id}`);
    const views = viewCart(db, cart, clock());
    return send(
      c,
      200,
      "Scegli come pagare",
      html`<h1>Come vuoi pagare?</h1>
        <p class="total">Totale: ${formatEuroCents(total(views))} €</p>
        <form method="post" action="/c/${cart.id}/metodo" class="methods">
          ${paymentCatalog.methods.map(
            (method) =>
              html`<button type="submit" name="method" value="${method.id}">${method.label}</button>`,
          )}
        </form>`,
    );
  });

  app.post("/c/:cartId/metodo", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return notFound(c);
    const form = await c.req.parseBody();
    const method = findMethod(form.method);
    if (method === undefined) return seeOther(c, `/c/${cart.id}/metodo`);
    const result = activateCart(db, cart.id, method, clock());
    switch (result.kind) {
      case "closed":
        return seeOther(c, `/c/${cart.id}/esito`);
      case "fault":
        return faultPage(c, cart, result.fault);
      case "activated":
        return seeOther(c, `/c/${cart.id}/paga/${result.attemptId}`);
    }
  });

  function payPage(c: Context, cart: Cart, attemptId: string, methodId: string, problems: string[] = []) {
    const views = viewCart(db, cart, clock());
    const method = findMethod(methodId);
    const amount = formatEuroCents(total(views) + (method?.feeCents ?? 0));
    const fields =
      methodId === "card"
        ? html`<label for="number">Numero della carta</label
            ><input
              type="text"
              id="number"
              name="number"
              inputmode="numeric"
              autocomplete="off"
              maxlength="23"
            />
            <label for="expiry">Scadenza (MM/AA)</label
            ><input type="text" id="expiry" name="expiry" autocomplete="off" maxlength="5" />
            <label for="cvv">Codice di sicurezza (CVV)</label
            ><input type="text" id="cvv" name="cvv" inputmode="numeric" autocomplete="off" maxlength="4" />
            <label for="holder">Titolare della carta</label
            ><input type="text" id="holder" name="holder" autocomplete="off" maxlength="70" />
            <div class="hint">
              Ambiente di prova: usa una carta finta.
              <ul>
                ${paymentCatalog.testCards.map((card) => html`<li><code>${card.number.replace(/(\d{4})(?=\d)/g, "$1 ")}</code>: ${card.label}</li>`)}
              </ul>
              Qualsiasi scadenza futura, CVV di 3 cifre.
            </div>`
        : html`<label for="simulated">Esito simulato dal PSP di prova</label>
            <select id="simulated" name="simulated">
              <option value="success">Pagamento riuscito</option>
              <option value="refused">Autorizzazione negata</option>
              <option value="error">Errore tecnico</option>
              <option value="waiting">Esito in attesa</option>
            </select>`;
    return send(
      c,
      problems.length > 0 ? 400 : 200,
      "Paga",
      html`<h1>${method?.label ?? "Pagamento"}</h1>
        ${
          problems.length > 0
            ? html`<div class="errors">
                <ul>
                  ${problems.map((p) => html`<li>${p}</li>`)}
                </ul>
              </div>`
            : undefined
        }
        <form method="post" action="/c/${cart.id}/paga/${attemptId}">
          ${fields}
          <p>
            Importo ${formatEuroCents(total(views))} € + commissione ${formatFee(method?.feeCents ?? 0)} €
          </p>
          <button type="submit" name="action" value="pay">Paga ${amount} €</button>
          <button class="secondary" type="submit" name="action" value="cancel">Annulla</button>
        </form>`,
    );
  }

  app.get("/c/:cartId/paga/:attemptId", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    const attempt = getAttempt(db, c.req.param("cartId"), c.req.param("attemptId"));
    if (cart === undefined || attempt === undefined) return notFound(c);
    if (attempt.outcome !== null || cart.outcome !== null) return seeOther(c, `/c/${cart.id}/esito`);
    return payPage(c, cart, attempt.id, attempt.method.id);
  });

  app.post("/c/:cartId/paga/:attemptId", async (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    const attempt = getAttempt(db, c.req.param("cartId"), c.req.param("attemptId"));
    if (cart === undefined || attempt === undefined) return notFound(c);
    const form = await c.req.parseBody();
    let requested: Outcome;
    if (form.action === "cancel") {
      requested = "cancelled";
    } else if (attempt.method.id === "card") {
      const card = {
        number: String(form.number ?? ""),
        expiry: String(form.expiry ?? ""),
        cvv: String(form.cvv ?? ""),
        holder: String(form.holder ?? ""),
      };
      const problems = cardFormProblems(card, clock());
      if (problems.length > 0 && attempt.outcome === null && cart.outcome === null) {
        return payPage(c, cart, attempt.id, attempt.method.id, problems);
      }
      requested = outcomeForCard(card.number.replace(/[\s-]/g, ""));
    } else {
      const simulated = outcomeSchema.safeParse(form.simulated);
      requested = simulated.success ? simulated.data : "error";
    }
    const outcome = closeAttempt(db, cart.id, attempt.id, requested, deps.paymentContext());
    if (outcome === "success") deps.onPaid();
    return seeOther(c, `/c/${cart.id}/esito`);
  });

  app.get("/c/:cartId/esito", (c) => {
    const cart = getCart(db, c.req.param("cartId"));
    if (cart === undefined) return notFound(c);
    if (cart.outcome === null) return seeOther(c, `/c/${cart.id}`);
    const back = returnUrlFor(cart, cart.outcome);
    const receipts = receiptsOfCart(db, cart.id);
    const texts: Record<Outcome, [string, string]> = {
      success: ["Grazie, hai pagato", `Riceverai la ricevuta all'indirizzo ${cart.email ?? ""}.`],
      refused: [
        "Autorizzazione negata",
        "Il pagamento non è stato autorizzato: non ti è stato addebitato nulla.",
      ],
      cancelled: ["Hai annullato il pagamento", "Non ti è stato addebitato nulla."],
      error: [
        "Si è verificato un errore",
        "Il pagamento non è andato a buon fine: non ti è stato addebitato nulla.",
      ],
      waiting: [
        "Pagamento in attesa di conferma",
        "Il PSP non ha ancora confermato il pagamento: riceverai l'esito via email.",
      ],
    };
    const [title, text] = texts[cart.outcome];
    const paidCents = receipts.reduce(
      (sum, receipt) =>
        sum + receipt.request.receipt.paymentAmountCents + (receipt.request.receipt.feeCents ?? 0),
      0,
    );
    const fault = noticeFaultCodes.find((code) => code === cart.faultCode);
    return send(
      c,
      200,
      title,
      html`<h1 data-outcome="${cart.outcome}">${title}</h1>
        ${paidCents > 0 ? html`<p class="total" data-paid>${formatEuroCents(paidCents)} € (commissione inclusa)</p>` : undefined}
        <p>${text}</p>
        ${fault === undefined ? undefined : html`<p class="errors">${faultMessage(fault)} <small>(${fault})</small></p>`}
        ${receipts.map(
          (receipt) =>
            html`<p>
              <a href="/receipts/${receipt.request.receipt.receiptId}/pdf"
                >Scarica la ricevuta (${formatEuroCents(receipt.request.receipt.paymentAmountCents)} €)</a
              >
            </p>`,
        )}
        <a class="button" id="back-to-creditor" href="${back}">Torna al sito dell'ente</a>`,
      `outcome-${cart.outcome}`,
    );
  });
}
