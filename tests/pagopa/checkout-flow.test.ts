import { checkReceiptForNotice, type PagopaReceipt } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  createCart,
  form,
  gpdPath,
  iupdOf,
  outcomeOf,
  REFUSED_CARD,
  RETURN_URLS,
  registerNotice,
  sampleNotice,
  startPayment,
  submitPayment,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { createTestCreditor } from "./support/test-creditor.js";

describe("checkout pages", () => {
  let now: Date;
  let standIn: PagopaStandIn;
  let creditor: ReturnType<typeof createTestCreditor>;

  beforeEach(() => {
    now = new Date("2026-11-23T09:00:00Z");
    const clock = () => now;
    creditor = createTestCreditor({ secret: CREDITOR_SECRET, clock });
    standIn = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: creditor.url, secret: CREDITOR_SECRET } },
      clock,
      fetch: creditor.fetch,
      deliveryIntervalMs: 0,
    });
  });
  afterEach(async () => {
    await standIn.close();
    creditor.close();
  });

  async function page(path: string) {
    const response = await standIn.app.request(path);
    return {
      status: response.status,
      location: response.headers.get("location"),
      text: await response.text(),
    };
  }

  it("pays a 54.00 EUR notice and delivers its receipt exactly once", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);

    const summary = await page(cartPath);
    expect(summary.status).toBe(200);
    expect(summary.text).toContain("Entra con email");
    expect(summary.text).toContain("54,00 €");
    expect(summary.text).toContain("Numero Avviso");
    expect(summary.text).toContain('value="mario.rossi@example.it"');

    expect((await form(standIn.app, `${cartPath}/email`, { email: "not an email" })).status).toBe(400);
    expect((await page(`${cartPath}/metodo`)).location).toBe(cartPath);
    const payPath = await startPayment(standIn.app, cartPath);
    const methods = await page(`${cartPath}/metodo`);
    for (const label of ["Carta di credito/debito", "Bonifico", "PayPal", "Satispay", "Bancomat Pay"]) {
      expect(methods.text).toContain(label);
    }
    const cardForm = await page(payPath);
    expect(cardForm.text).toContain("4242 4242 4242 4242");

    const outcome = await submitPayment(standIn.app, payPath, SUCCESS_CARD);
    expect(outcomeOf(outcome)).toBe("success");
    expect(outcome).toContain(`href="${RETURN_URLS.returnOkUrl}"`);
    expect(outcome).toContain("<strong>mario.rossi@example.it</strong>");
    expect(outcome).toContain(`<meta http-equiv="refresh" content="10;url=${RETURN_URLS.returnOkUrl}" />`);
    expect(outcome).toContain("55,00 € (commissione inclusa)");

    await standIn.deliverDueReceipts();
    await standIn.deliverDueReceipts();
    const recorded = creditor.receipts();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      noticeNumber: notice.noticeNumber,
      fiscalCode: CREDITOR_FISCAL_CODE,
      paymentAmountCents: 5400,
      debtor: { fiscalCode: "RSSMRA80A01H501U" },
      outcome: "OK",
    });
    expect(creditor.calls).toBe(1);
    // The creditor confirms the payment from the receipt, matched against the notice it issued.
    expect(() => checkReceiptForNotice(recorded[0] as PagopaReceipt, notice)).not.toThrow();

    const receiptId = recorded[0]?.receiptId ?? "";
    expect(outcome).toContain(`/receipts/${receiptId}/pdf`);
    const pdf = await standIn.app.request(`/receipts/${receiptId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    const json = (await (await standIn.app.request(`/receipts/${receiptId}`)).json()) as {
      delivery: { delivered: boolean };
    };
    expect(json.delivery.delivered).toBe(true);
    expect((await standIn.app.request("/receipts/nope")).status).toBe(404);
    expect((await standIn.app.request("/receipts/nope/pdf")).status).toBe(404);
  });

  it("pays a cart of two notices: one receipt each, one fee", async () => {
    const first = sampleNotice();
    const second = sampleNotice({ amountCents: 2900, description: "Diritti di segreteria" });
    await registerNotice(standIn.app, first);
    await registerNotice(standIn.app, second);
    const cartPath = await createCart(standIn.app, [first, second]);
    expect((await page(cartPath)).text).toContain("83,00 €");
    const outcome = await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), SUCCESS_CARD);
    expect(outcome).toContain("84,00 € (commissione inclusa)");
    await standIn.deliverDueReceipts();
    const receipts = creditor.receipts();
    expect(
      receipts.map((receipt) => [receipt.noticeNumber, receipt.paymentAmountCents, receipt.feeCents]),
    ).toEqual([
      [first.noticeNumber, 5400, 100],
      [second.noticeNumber, 2900, 0],
    ]);
  });

  it("never pays twice: double submit, back button, second tab, second cart", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    const tabA = await startPayment(standIn.app, cartPath);
    const tabB = await startPayment(standIn.app, cartPath);
    expect(tabA).not.toBe(tabB);

    const [first, second] = await Promise.all([
      submitPayment(standIn.app, tabA, SUCCESS_CARD),
      submitPayment(standIn.app, tabA, SUCCESS_CARD),
    ]);
    expect(outcomeOf(first)).toBe("success");
    expect(outcomeOf(second)).toBe("success");
    expect(outcomeOf(await submitPayment(standIn.app, tabB, SUCCESS_CARD))).toBe("success");
    expect((await page(cartPath)).location).toBe(`${cartPath}/esito`);
    expect((await page(tabA)).location).toBe(`${cartPath}/esito`);
    expect((await form(standIn.app, `${cartPath}/metodo`, { method: "card" })).headers.get("location")).toBe(
      `${cartPath}/esito`,
    );

    const otherCart = await createCart(standIn.app, [notice]);
    const duplicate = await page(otherCart);
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toContain("PAA_PAGAMENTO_DUPLICATO");
    expect(duplicate.text).toContain("già stato effettuato");

    await standIn.deliverDueReceipts();
    expect(creditor.receipts()).toHaveLength(1);
    const count = standIn.db.prepare("SELECT COUNT(*) AS n FROM receipts").get() as { n: number };
    expect(count.n).toBe(1);
  });

  it("refuses a refused card, releases the lock, and lets the payer try again", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    const refused = await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), REFUSED_CARD);
    expect(outcomeOf(refused)).toBe("refused");
    expect(refused).toContain("Autorizzazione negata");
    expect(refused).toContain(`href="${RETURN_URLS.returnErrorUrl}"`);
    await standIn.deliverDueReceipts();
    expect(creditor.receipts()).toHaveLength(0);

    const retry = await createCart(standIn.app, [notice]);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, retry), SUCCESS_CARD)),
    ).toBe("success");
  });

  it("reports cancelled, error and waiting outcomes with their return URLs", async () => {
    const cancelNotice = sampleNotice();
    await registerNotice(standIn.app, cancelNotice);
    const cancelCart = await createCart(standIn.app, [cancelNotice]);
    const cancelled = await form(standIn.app, await startPayment(standIn.app, cancelCart), {
      action: "cancel",
    });
    const cancelledPage = await page(cancelled.headers.get("location") ?? "");
    expect(outcomeOf(cancelledPage.text)).toBe("cancelled");
    expect(cancelledPage.text).toContain(`href="${RETURN_URLS.returnCancelUrl}"`);

    const earlyNotice = sampleNotice();
    await registerNotice(standIn.app, earlyNotice);
    const earlyCart = await createCart(standIn.app, [earlyNotice]);
    expect((await form(standIn.app, `${earlyCart}/annulla`, {})).headers.get("location")).toBe(
      `${earlyCart}/esito`,
    );

    const errorNotice = sampleNotice();
    await registerNotice(standIn.app, errorNotice);
    const errorCart = await createCart(standIn.app, [errorNotice]);
    const errorPage = await submitPayment(standIn.app, await startPayment(standIn.app, errorCart, "paypal"), {
      simulated: "error",
    });
    expect(outcomeOf(errorPage)).toBe("error");

    const waitingNotice = sampleNotice();
    await registerNotice(standIn.app, waitingNotice);
    const waitingUrls = { ...RETURN_URLS, returnWaitingUrl: "http://portal.test/pagopa/attesa" };
    const waitingCart = await createCart(standIn.app, [waitingNotice], waitingUrls);
    const waiting = await submitPayment(standIn.app, await startPayment(standIn.app, waitingCart), {
      ...SUCCESS_CARD,
      number: "4000 0000 0000 0259",
    });
    expect(outcomeOf(waiting)).toBe("waiting");
    expect(waiting).toContain(`href="${waitingUrls.returnWaitingUrl}"`);
    // Waiting keeps the notice locked: the outcome may still turn into a payment.
    const again = await page(await createCart(standIn.app, [waitingNotice]));
    expect(again.text).toContain("PPT_PAGAMENTO_IN_CORSO");

    const v1Waiting = sampleNotice();
    await registerNotice(standIn.app, v1Waiting);
    const v1Page = await submitPayment(
      standIn.app,
      await startPayment(standIn.app, await createCart(standIn.app, [v1Waiting]), "satispay"),
      { simulated: "waiting" },
    );
    expect(v1Page).toContain(`href="${RETURN_URLS.returnErrorUrl}"`);
  });

  it("shows the node's faults: unknown, cancelled, expired, in progress", async () => {
    const unknown = sampleNotice();
    expect((await page(await createCart(standIn.app, [unknown]))).text).toContain(
      "PAA_PAGAMENTO_SCONOSCIUTO",
    );

    const draft = sampleNotice();
    await registerNotice(standIn.app, draft, { publish: false });
    expect((await page(await createCart(standIn.app, [draft]))).text).toContain("PAA_PAGAMENTO_SCONOSCIUTO");

    const cancelled = sampleNotice();
    await registerNotice(standIn.app, cancelled);
    expect(
      (await standIn.app.request(gpdPath(`/${iupdOf(cancelled)}/invalidate`), { method: "POST" })).status,
    ).toBe(200);
    const cancelledPage = await page(await createCart(standIn.app, [cancelled]));
    expect(cancelledPage.text).toContain("PAA_PAGAMENTO_ANNULLATO");
    expect(cancelledPage.text).toContain(`href="${RETURN_URLS.returnErrorUrl}"`);

    const expiring = sampleNotice({ dueDate: "2026-11-30" });
    await registerNotice(standIn.app, expiring);
    const lenient = sampleNotice({ dueDate: "2026-11-30" });
    await registerNotice(standIn.app, lenient, { switchToExpired: false });
    now = new Date("2026-12-01T09:00:00Z");
    expect((await page(await createCart(standIn.app, [expiring]))).text).toContain("PAA_PAGAMENTO_SCADUTO");
    expect((await page(await createCart(standIn.app, [lenient]))).status).toBe(200);

    const busy = sampleNotice();
    await registerNotice(standIn.app, busy);
    const holder = await createCart(standIn.app, [busy]);
    const holderPay = await startPayment(standIn.app, holder);
    const other = await createCart(standIn.app, [busy]);
    expect((await page(other)).text).toContain("PPT_PAGAMENTO_IN_CORSO");
    await form(standIn.app, `${other}/email`, { email: "luigi@example.it" });
    const blocked = await form(standIn.app, `${other}/metodo`, { method: "card" });
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain("PPT_PAGAMENTO_IN_CORSO");

    // After the 30-minute lock the notice can be paid by someone else; the first tab then fails.
    now = new Date(now.getTime() + 30 * 60 * 1000 + 1000);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, other), SUCCESS_CARD)),
    ).toBe("success");
    const late = await submitPayment(standIn.app, holderPay, SUCCESS_CARD);
    expect(outcomeOf(late)).toBe("error");
    expect(late).toContain("PAA_PAGAMENTO_DUPLICATO");
    await standIn.deliverDueReceipts();
    expect(creditor.receipts().filter((receipt) => receipt.noticeNumber === busy.noticeNumber)).toHaveLength(
      1,
    );
  });

  it("checks the card form before paying", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    const payPath = await startPayment(standIn.app, cartPath);
    for (const bad of [
      { ...SUCCESS_CARD, number: "4242 4242 4242 4241" },
      { ...SUCCESS_CARD, expiry: "13/30" },
      { ...SUCCESS_CARD, expiry: "10/26" },
      { ...SUCCESS_CARD, cvv: "12" },
      { ...SUCCESS_CARD, holder: "" },
    ]) {
      const response = await form(standIn.app, payPath, { action: "pay", ...bad });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('class="errors"');
    }
    expect(outcomeOf(await submitPayment(standIn.app, payPath, SUCCESS_CARD))).toBe("success");
  });

  it("answers unknown carts and attempts with 404, and escapes creditor text", async () => {
    expect((await page("/c/unknown")).status).toBe(404);
    expect((await page("/c/unknown/esito")).status).toBe(404);
    expect((await form(standIn.app, "/c/unknown/email", { email: "a@b.it" })).status).toBe(404);
    const notice = sampleNotice({ description: '<script>alert("x")</script> & "CNS"' });
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    const summary = await page(cartPath);
    expect(summary.text).not.toContain("<script>");
    expect(summary.text).toContain("&lt;script&gt;");
    const otherCart = await createCart(standIn.app, [sampleNotice()]);
    const payPath = await startPayment(standIn.app, cartPath);
    expect((await page(payPath.replace(cartPath, otherCart))).status).toBe(404);
    expect(
      (await form(standIn.app, `${cartPath}/metodo`, { method: "bitcoin" })).headers.get("location"),
    ).toBe(`${cartPath}/metodo`);
    const headers = (await standIn.app.request(cartPath)).headers;
    expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
