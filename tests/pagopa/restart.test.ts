import { afterEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  createCart,
  form,
  outcomeOf,
  registerNotice,
  sampleNotice,
  startPayment,
  submitPayment,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { createTestCreditor } from "./support/test-creditor.js";

/**
 * The stand-in is closed and reopened on the same SQLite file in the middle of payments, as a
 * crash or a redeploy would do: no payment may happen twice and no receipt may be lost.
 */
describe("restart in the middle", () => {
  let now = new Date("2026-11-23T09:00:00Z");
  const clock = () => now;
  const creditor = createTestCreditor({
    secret: CREDITOR_SECRET,
    clock,
    dbPath: tempDbPath("creditor.sqlite"),
  });
  const open: PagopaStandIn[] = [];

  function boot(dbPath: string): PagopaStandIn {
    const standIn = createPagopaStandIn({
      dbPath,
      creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: creditor.url, secret: CREDITOR_SECRET } },
      clock,
      fetch: creditor.fetch,
      deliveryIntervalMs: 0,
    });
    open.push(standIn);
    return standIn;
  }

  afterEach(async () => {
    for (const standIn of open.splice(0)) {
      if (standIn.db.open) await standIn.close();
    }
    creditor.setMode("up");
  });

  it("keeps the lock and the open attempt across a restart, and pays once", async () => {
    const dbPath = tempDbPath();
    let standIn = boot(dbPath);
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    const payPath = await startPayment(standIn.app, cartPath);
    await standIn.close();

    standIn = boot(dbPath);
    const rival = await createCart(standIn.app, [notice]);
    expect(await (await standIn.app.request(rival)).text()).toContain("PPT_PAGAMENTO_IN_CORSO");
    expect(outcomeOf(await submitPayment(standIn.app, payPath, SUCCESS_CARD))).toBe("success");
    await standIn.close();

    standIn = boot(dbPath);
    // The browser re-posts the form after the restart (back button, reload): same outcome, no new payment.
    const repost = await form(standIn.app, payPath, { action: "pay", ...SUCCESS_CARD });
    expect(repost.headers.get("location")).toBe(`${cartPath}/esito`);
    expect(await (await standIn.app.request(await createCart(standIn.app, [notice]))).text()).toContain(
      "PAA_PAGAMENTO_DUPLICATO",
    );
    await standIn.deliverDueReceipts();
    const count = standIn.db.prepare("SELECT COUNT(*) AS n FROM receipts").get() as { n: number };
    expect(count.n).toBe(1);
    expect(creditor.receipts().filter((r) => r.noticeNumber === notice.noticeNumber)).toHaveLength(1);
  });

  it("delivers a receipt left pending by a stop while the creditor was down, exactly once", async () => {
    const dbPath = tempDbPath();
    let standIn = boot(dbPath);
    creditor.setMode("down");
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), SUCCESS_CARD)),
    ).toBe("success");
    await standIn.deliverDueReceipts();
    await standIn.close();

    creditor.setMode("up");
    now = new Date(now.getTime() + 60_000);
    standIn = boot(dbPath);
    expect(await standIn.deliverDueReceipts()).toEqual({ delivered: 1, failed: 0 });
    await standIn.close();

    standIn = boot(dbPath);
    now = new Date(now.getTime() + 3_600_000);
    expect(await standIn.deliverDueReceipts()).toEqual({ delivered: 0, failed: 0 });
    expect(creditor.receipts().filter((r) => r.noticeNumber === notice.noticeNumber)).toHaveLength(1);
  });

  it("redelivers after a restart that lost the acknowledgement; the creditor still records once", async () => {
    const dbPath = tempDbPath();
    let standIn = boot(dbPath);
    creditor.setMode("lose-ack");
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), SUCCESS_CARD);
    await standIn.deliverDueReceipts();
    await standIn.close();

    creditor.setMode("up");
    now = new Date(now.getTime() + 60_000);
    standIn = boot(dbPath);
    expect(await standIn.deliverDueReceipts()).toEqual({ delivered: 1, failed: 0 });
    expect(creditor.receipts().filter((r) => r.noticeNumber === notice.noticeNumber)).toHaveLength(1);
  });
});
