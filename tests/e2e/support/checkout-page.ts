import type { Page } from "playwright-core";
import type { CheckoutCard } from "../../support/route-http.js";

export interface CheckoutResult {
  /** `data-outcome` of the outcome page (success, refused...), when the payment was tried. */
  readonly outcome?: string;
  /** `data-fault` of the "cannot pay" page (PAA_PAGAMENTO_DUPLICATO...), when it was not. */
  readonly fault?: string;
}

/**
 * Pays on the pagoPA stand-in's Checkout pages in the browser, as a payer would: email, "Carta
 * di credito/debito", the card form, "Paga". `shoot` is called on each page before leaving it.
 * Stops on the outcome page (its "Torna al sito dell'ente" is left to the caller).
 */
export async function payInCheckout(
  page: Page,
  card: CheckoutCard,
  email: string,
  shoot: (name: string) => Promise<void> = async () => undefined,
): Promise<CheckoutResult> {
  await page.waitForLoadState();
  const fault = page.locator("[data-fault]");
  if ((await fault.count()) > 0) {
    await shoot("checkout-fault");
    return { fault: (await fault.getAttribute("data-fault")) ?? "" };
  }
  await page.getByLabel("Indirizzo email").fill(email);
  await shoot("checkout-email");
  await page.getByRole("button", { name: "Continua" }).click();
  await page.getByRole("button", { name: "Carta di credito/debito" }).click();
  await page.waitForLoadState();
  if ((await fault.count()) > 0) {
    await shoot("checkout-fault");
    return { fault: (await fault.getAttribute("data-fault")) ?? "" };
  }
  await page.getByLabel("Numero della carta").fill(card.number);
  await page.getByLabel("Scadenza (MM/AA)").fill(card.expiry);
  await page.getByLabel("Codice di sicurezza (CVV)").fill(card.cvv);
  await page.getByLabel("Titolare della carta").fill(card.holder);
  await shoot("checkout-card");
  await page.getByRole("button", { name: /^Paga / }).click();
  const outcome = page.locator("[data-outcome]");
  await outcome.waitFor();
  await shoot("checkout-outcome");
  return { outcome: (await outcome.getAttribute("data-outcome")) ?? "" };
}
