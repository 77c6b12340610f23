import {
  CnsBridgeError,
  formatEuroCents,
  formatNoticeNumber,
  type NoticeFaultCode,
} from "@cns-bridge/shared";
import type { CartNoticeView } from "./cart-view.js";
import type { Cart } from "./carts.js";
import { html, type SafeHtml } from "./html.js";
import { type Outcome, type PaymentMethod, paymentCatalog } from "./payment-methods.js";
import type { StoredReceipt } from "./receipt-delivery.js";

/** A page to send: its title, its body, and a class naming the outcome for the style sheet. */
export interface View {
  readonly title: string;
  readonly body: SafeHtml;
  readonly className?: string;
  readonly refresh?: { readonly seconds: number; readonly url: string };
}

function faultMessage(fault: NoticeFaultCode): SafeHtml {
  return html`${new CnsBridgeError(fault).messageIn("it")} <small>(${fault})</small>`;
}

/** Fees may be zero, which an amount may not. */
function formatFee(cents: number): string {
  return cents === 0 ? "0,00" : formatEuroCents(cents);
}

export function totalCents(views: readonly CartNoticeView[]): number {
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

export function notFoundView(): View {
  return {
    title: "Carrello non trovato",
    body: html`<h1>Carrello non trovato</h1>
      <p>Il link di pagamento non è valido o è scaduto.</p>`,
  };
}

export function faultView(cart: Cart, fault: NoticeFaultCode): View {
  return {
    title: "Pagamento non possibile",
    body: html`<h1>Non è possibile procedere con il pagamento</h1>
      <p class="errors" data-fault="${fault}">${faultMessage(fault)}</p>
      <a class="button" href="${cart.request.returnUrls.returnErrorUrl}">Torna al sito dell'ente</a>`,
  };
}

/** The first page: what is being paid, and "Entra con email" (no login needed). */
export function summaryView(cart: Cart, views: readonly CartNoticeView[], problem?: string): View {
  return {
    title: "Entra con email",
    body: html`<h1>Paga un avviso</h1>
      ${noticeList(views)}
      <p class="total">Totale: <span data-total>${formatEuroCents(totalCents(views))} €</span></p>
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
  };
}

export function methodsView(cart: Cart, views: readonly CartNoticeView[]): View {
  return {
    title: "Scegli come pagare",
    body: html`<h1>Come vuoi pagare?</h1>
      <p class="total">Totale: ${formatEuroCents(totalCents(views))} €</p>
      <form method="post" action="/c/${cart.id}/metodo" class="methods">
        ${paymentCatalog.methods.map(
          (method) => html`<button type="submit" name="method" value="${method.id}">${method.label}</button>`,
        )}
      </form>`,
  };
}

function cardFields(): SafeHtml {
  return html`<label for="number">Numero della carta</label>
    <input type="text" id="number" name="number" inputmode="numeric" autocomplete="off" maxlength="23" />
    <label for="expiry">Scadenza (MM/AA)</label>
    <input type="text" id="expiry" name="expiry" autocomplete="off" maxlength="5" />
    <label for="cvv">Codice di sicurezza (CVV)</label>
    <input type="text" id="cvv" name="cvv" inputmode="numeric" autocomplete="off" maxlength="4" />
    <label for="holder">Titolare della carta</label>
    <input type="text" id="holder" name="holder" autocomplete="off" maxlength="70" />
    <div class="hint">
      Ambiente di prova: usa una carta finta.
      <ul>
        ${paymentCatalog.testCards.map(
          (card) =>
            html`<li><code>${card.number.replace(/(\d{4})(?=\d)/g, "$1 ")}</code>: ${card.label}</li>`,
        )}
      </ul>
      Qualsiasi scadenza futura, CVV di 3 cifre.
    </div>`;
}

/** Methods other than cards are played by a test PSP whose answer the tester picks. */
function simulatedPspFields(): SafeHtml {
  return html`<label for="simulated">Esito simulato dal PSP di prova</label>
    <select id="simulated" name="simulated">
      <option value="success">Pagamento riuscito</option>
      <option value="refused">Autorizzazione negata</option>
      <option value="error">Errore tecnico</option>
      <option value="waiting">Esito in attesa</option>
    </select>`;
}

export function payFormView(
  cart: Cart,
  attemptId: string,
  method: PaymentMethod,
  views: readonly CartNoticeView[],
  problems: readonly string[],
): View {
  const amount = totalCents(views);
  return {
    title: "Paga",
    body: html`<h1>${method.label}</h1>
      ${
        problems.length === 0
          ? undefined
          : html`<div class="errors">
              <ul>
                ${problems.map((problem) => html`<li>${problem}</li>`)}
              </ul>
            </div>`
      }
      <form method="post" action="/c/${cart.id}/paga/${attemptId}">
        ${method.id === "card" ? cardFields() : simulatedPspFields()}
        <p>Importo ${formatEuroCents(amount)} € + commissione ${formatFee(method.feeCents)} €</p>
        <button type="submit" name="action" value="pay">
          Paga ${formatEuroCents(amount + method.feeCents)} €
        </button>
        <button class="secondary" type="submit" name="action" value="cancel">Annulla</button>
      </form>`,
  };
}

const OUTCOME_TEXTS: Record<Outcome, readonly [string, string]> = {
  success: ["Grazie, hai pagato", "Riceverai la ricevuta all'indirizzo email indicato."],
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

export function outcomeView(
  cart: Cart,
  outcome: Outcome,
  returnUrl: string,
  receipts: readonly StoredReceipt[],
  fault: NoticeFaultCode | undefined,
  autoReturnSeconds: number,
): View {
  const [title, text] = OUTCOME_TEXTS[outcome];
  const paidCents = receipts.reduce(
    (sum, { request: { receipt } }) => sum + receipt.paymentAmountCents + (receipt.feeCents ?? 0),
    0,
  );
  return {
    title,
    className: `outcome-${outcome}`,
    ...(autoReturnSeconds > 0 ? { refresh: { seconds: autoReturnSeconds, url: returnUrl } } : {}),
    body: html`<h1 data-outcome="${outcome}">${title}</h1>
      ${
        paidCents > 0
          ? html`<p class="total" data-paid>${formatEuroCents(paidCents)} € (commissione inclusa)</p>`
          : undefined
      }
      <p>
        ${
          outcome === "success" && cart.email !== null
            ? html`Riceverai la ricevuta all'indirizzo <strong>${cart.email}</strong>.`
            : text
        }
      </p>
      ${fault === undefined ? undefined : html`<p class="errors">${faultMessage(fault)}</p>`}
      ${receipts.map(
        ({ request: { receipt } }) =>
          html`<p>
            <a href="/receipts/${receipt.receiptId}/pdf"
              >Scarica la ricevuta (${formatEuroCents(receipt.paymentAmountCents)} €)</a
            >
          </p>`,
      )}
      ${
        autoReturnSeconds > 0
          ? html`<p class="hint">
              Tra ${autoReturnSeconds} secondi tornerai automaticamente al sito dell'ente.
            </p>`
          : undefined
      }
      <a class="button" id="back-to-creditor" href="${returnUrl}">Torna al sito dell'ente</a>`,
  };
}
