import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildCartRequest,
  buildNoticeNumber,
  type CartReturnUrls,
  debtPositionFromNotice,
  type PaymentNotice,
  parsePaymentNotice,
} from "@cns-bridge/shared";
import type { Hono } from "hono";

export const CREDITOR_FISCAL_CODE = "80002170019";
export const CREDITOR_SECRET = "secret-shared-with-the-test-chamber-0001";
export const RETURN_URLS = {
  returnOkUrl: "http://portal.test/pagopa/ok",
  returnCancelUrl: "http://portal.test/pagopa/annullato",
  returnErrorUrl: "http://portal.test/pagopa/errore",
} satisfies CartReturnUrls;

export function tempDbPath(name = "pagopa.sqlite"): string {
  return join(mkdtempSync(join(tmpdir(), "pagopa-stand-in-")), name);
}

let serial = 0;

/** A fresh 54.00 EUR notice of the fictitious test Chamber, with its own NAV. */
export function sampleNotice(overrides: Partial<PaymentNotice> = {}): PaymentNotice {
  serial += 1;
  return parsePaymentNotice({
    noticeNumber: buildNoticeNumber({
      segregationCode: 22,
      iuvBase: `${Date.now() % 1e9}`.padStart(9, "0") + String(serial).padStart(4, "0"),
    }),
    creditor: { fiscalCode: CREDITOR_FISCAL_CODE, name: "Camera di Commercio di Prova" },
    debtor: { type: "F", fiscalCode: "RSSMRA80A01H501U", fullName: "Mario Rossi" },
    amountCents: 5400,
    description: "Rilascio CNS su smart card (riconoscimento da remoto)",
    dueDate: "2026-12-31",
    ...overrides,
  });
}

const GPD = `/gpd/debt-positions-service/v1/organizations/${CREDITOR_FISCAL_CODE}/debtpositions`;

export function gpdPath(suffix = ""): string {
  return `${GPD}${suffix}`;
}

export function iupdOf(notice: PaymentNotice): string {
  return `CNS-${notice.noticeNumber}`;
}

export async function registerNotice(
  app: Hono,
  notice: PaymentNotice,
  options: { publish?: boolean; switchToExpired?: boolean } = {},
): Promise<void> {
  const position = debtPositionFromNotice(notice, {
    iupd: iupdOf(notice),
    switchToExpired: options.switchToExpired ?? true,
  });
  const response = await app.request(`${GPD}?toPublish=${String(options.publish ?? true)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(position),
  });
  if (response.status !== 201)
    throw new Error(`position not created: ${response.status} ${await response.text()}`);
}

export function postJson(app: Hono, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Creates a cart and returns the checkout page's path. */
export async function createCart(
  app: Hono,
  notices: PaymentNotice[],
  returnUrls: CartReturnUrls = RETURN_URLS,
) {
  const cart = buildCartRequest({ notices, returnUrls, emailNotice: "mario.rossi@example.it" });
  const version = returnUrls.returnWaitingUrl === undefined ? 1 : 2;
  const response = await postJson(app, `/checkout/ec/v${version}/carts`, cart);
  if (response.status !== 302) throw new Error(`cart refused: ${response.status} ${await response.text()}`);
  return new URL(response.headers.get("location") ?? "").pathname;
}

export function form(app: Hono, path: string, fields: Record<string, string>) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

export const SUCCESS_CARD = {
  number: "4242 4242 4242 4242",
  expiry: "12/30",
  cvv: "123",
  holder: "Mario Rossi",
};
export const REFUSED_CARD = { ...SUCCESS_CARD, number: "4000 0000 0000 0002" };

/** Walks the pages up to the payment form; returns the form's path (carries the attempt id). */
export async function startPayment(app: Hono, cartPath: string, method = "card"): Promise<string> {
  const email = await form(app, `${cartPath}/email`, { email: "mario.rossi@example.it" });
  if (email.status !== 303) throw new Error(`email step: ${email.status}`);
  const chosen = await form(app, `${cartPath}/metodo`, { method });
  const location = chosen.headers.get("location");
  if (chosen.status !== 303 || location === null || !location.includes("/paga/")) {
    throw new Error(`method step: ${chosen.status} ${await chosen.text()}`);
  }
  return location;
}

/** Submits the payment form and returns the outcome page's HTML. */
export async function submitPayment(app: Hono, payPath: string, fields: Record<string, string>) {
  const paid = await form(app, payPath, { action: "pay", ...fields });
  if (paid.status !== 303) throw new Error(`pay step: ${paid.status} ${await paid.text()}`);
  const outcome = await app.request(paid.headers.get("location") ?? "");
  return outcome.text();
}

export function outcomeOf(page: string): string | undefined {
  return /data-outcome="([a-z]+)"/.exec(page)?.[1];
}
