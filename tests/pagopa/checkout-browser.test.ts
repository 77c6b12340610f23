import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { buildCartRequest, submitCart } from "@cns-bridge/shared";
import { Hono } from "hono";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  REFUSED_CARD,
  registerNotice,
  sampleNotice,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { createTestCreditor } from "./support/test-creditor.js";

const artifacts = fileURLToPath(new URL("../artifacts/pagopa/", import.meta.url));

function listen(app: Hono): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
      resolve({ server, url: `http://127.0.0.1:${info.port}` });
    });
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** One browser for the file: the success and refusal runs share it. */
describe("checkout in Chromium", () => {
  let browser: Browser;
  let standIn: PagopaStandIn;
  let standInServer: { server: ServerType; url: string };
  let portalServer: { server: ServerType; url: string };
  const creditor = createTestCreditor({ secret: CREDITOR_SECRET, clock: () => new Date() });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // The creditor's portal: its receipt endpoint and the pages the payer comes back to.
    const portal = new Hono();
    portal.route("/", creditor.app);
    portal.get("/pagopa/:outcome", (c) =>
      c.html(`<h1 id="portal">Portale: ritorno ${c.req.param("outcome")}</h1>`),
    );
    portalServer = await listen(portal);
    standIn = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: {
        [CREDITOR_FISCAL_CODE]: { url: `${portalServer.url}/pagopa/receipts`, secret: CREDITOR_SECRET },
      },
      deliveryIntervalMs: 200,
      retry: { firstDelayMs: 100 },
    });
    standInServer = await listen(standIn.app);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser.close();
    await close(standInServer.server);
    await standIn.close();
    await close(portalServer.server);
    creditor.close();
  });

  async function openCheckout(): Promise<{ page: Page; noticeNumber: string }> {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cart = buildCartRequest({
      notices: [notice],
      emailNotice: "mario.rossi@example.it",
      returnUrls: {
        returnOkUrl: `${portalServer.url}/pagopa/ok`,
        returnCancelUrl: `${portalServer.url}/pagopa/annullato`,
        returnErrorUrl: `${portalServer.url}/pagopa/errore`,
      },
    });
    const checkoutUrl = await submitCart(cart, `${standInServer.url}/checkout/ec/v1/carts`);
    const page = await browser.newPage({ locale: "it-IT", viewport: { width: 900, height: 1000 } });
    await page.goto(checkoutUrl);
    await expect.poll(() => page.getByRole("heading", { name: "Entra con email" }).isVisible()).toBe(true);
    expect(await page.getByText("Totale: 54,00 €").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Continua" }).click();
    await page.getByRole("button", { name: "Carta di credito/debito" }).click();
    return { page, noticeNumber: notice.noticeNumber };
  }

  async function fillCard(page: Page, card: typeof SUCCESS_CARD) {
    await page.getByLabel("Numero della carta").fill(card.number);
    await page.getByLabel("Scadenza (MM/AA)").fill(card.expiry);
    await page.getByLabel("Codice di sicurezza (CVV)").fill(card.cvv);
    await page.getByLabel("Titolare della carta").fill(card.holder);
  }

  it("pays with a test card, even double-clicked, and the receipt reaches the creditor once", async () => {
    const { page, noticeNumber } = await openCheckout();
    await fillCard(page, SUCCESS_CARD);
    await page.screenshot({ path: `${artifacts}checkout-card-form.png`, fullPage: true });
    await page.getByRole("button", { name: /^Paga / }).dblclick();
    await page.getByRole("heading", { name: "Grazie, hai pagato" }).waitFor();
    await page.screenshot({ path: `${artifacts}checkout-success.png`, fullPage: true });
    expect(await page.getByRole("link", { name: /Scarica la ricevuta/ }).count()).toBe(1);
    await page.getByRole("link", { name: "Torna al sito dell'ente" }).click();
    await page.locator("#portal").waitFor();
    expect(await page.locator("#portal").textContent()).toBe("Portale: ritorno ok");
    await expect
      .poll(() => creditor.receipts().filter((receipt) => receipt.noticeNumber === noticeNumber).length, {
        timeout: 5_000,
      })
      .toBe(1);
    await page.close();
  });

  it("shows a refusal, charges nothing and sends no receipt", async () => {
    const { page, noticeNumber } = await openCheckout();
    await fillCard(page, REFUSED_CARD);
    await page.getByRole("button", { name: /^Paga / }).click();
    await page.getByRole("heading", { name: "Autorizzazione negata" }).waitFor();
    await page.screenshot({ path: `${artifacts}checkout-refused.png`, fullPage: true });
    await page.getByRole("link", { name: "Torna al sito dell'ente" }).click();
    await page.locator("#portal").waitFor();
    expect(await page.locator("#portal").textContent()).toBe("Portale: ritorno errore");
    await standIn.deliverDueReceipts();
    expect(creditor.receipts().filter((receipt) => receipt.noticeNumber === noticeNumber)).toHaveLength(0);
    await page.close();
  });
});
