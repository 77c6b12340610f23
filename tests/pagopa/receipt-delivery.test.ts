import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  createCart,
  outcomeOf,
  registerNotice,
  sampleNotice,
  startPayment,
  submitPayment,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { createTestCreditor } from "./support/test-creditor.js";

describe("receipt delivery to the creditor", () => {
  let now: Date;
  const clock = () => now;
  let creditor: ReturnType<typeof createTestCreditor>;
  let standIn: PagopaStandIn;

  function start(secret = CREDITOR_SECRET, callbacks = true) {
    standIn = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: callbacks ? { [CREDITOR_FISCAL_CODE]: { url: creditor.url, secret } } : {},
      clock,
      fetch: creditor.fetch,
      deliveryIntervalMs: 0,
      retry: { firstDelayMs: 1_000, maxDelayMs: 8_000 },
    });
  }

  async function pay(): Promise<string> {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), SUCCESS_CARD)),
    ).toBe("success");
    return notice.noticeNumber;
  }

  function deliveryState() {
    return standIn.db
      .prepare("SELECT delivery_attempts, next_delivery_at, delivered_at, last_delivery_error FROM receipts")
      .get() as {
      delivery_attempts: number;
      next_delivery_at: number;
      delivered_at: string | null;
      last_delivery_error: string | null;
    };
  }

  beforeEach(() => {
    now = new Date("2026-11-23T09:00:00Z");
    creditor = createTestCreditor({ secret: CREDITOR_SECRET, clock });
  });
  afterEach(async () => {
    await standIn.close();
    creditor.close();
  });

  it("retries with growing delays while the creditor is down, then delivers once", async () => {
    start();
    creditor.setMode("down");
    await pay();
    await standIn.deliverDueReceipts();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = deliveryState();
      // Not due yet: nothing is sent.
      expect(
        (await standIn.deliverDueReceipts()).delivered + (await standIn.deliverDueReceipts()).failed,
      ).toBe(0);
      delays.push(before.next_delivery_at - now.getTime());
      now = new Date(before.next_delivery_at);
      await standIn.deliverDueReceipts();
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(deliveryState().last_delivery_error).toContain("503");
    expect(creditor.receipts()).toHaveLength(0);

    creditor.setMode("up");
    now = new Date(deliveryState().next_delivery_at);
    expect(await standIn.deliverDueReceipts()).toEqual({ delivered: 1, failed: 0 });
    expect(deliveryState().delivered_at).not.toBeNull();
    now = new Date(now.getTime() + 3_600_000);
    expect(await standIn.deliverDueReceipts()).toEqual({ delivered: 0, failed: 0 });
    expect(creditor.receipts()).toHaveLength(1);
  });

  it("never sends a receipt twice when deliveries are asked for at once", async () => {
    start();
    await pay();
    const reports = await Promise.all(Array.from({ length: 5 }, () => standIn.deliverDueReceipts()));
    // The payment itself already asked for a delivery: together, one send in all.
    expect(reports.reduce((sum, report) => sum + report.delivered, 0)).toBeLessThanOrEqual(1);
    expect(creditor.calls).toBe(1);
    expect(creditor.receipts()).toHaveLength(1);
  });

  it("keeps retrying after a KO acknowledgement", async () => {
    start();
    creditor.setMode("ko");
    await pay();
    await standIn.deliverDueReceipts();
    expect(deliveryState().delivered_at).toBeNull();
    creditor.setMode("up");
    now = new Date(deliveryState().next_delivery_at);
    await standIn.deliverDueReceipts();
    expect(deliveryState().delivered_at).not.toBeNull();
  });

  it("redelivers when the acknowledgement is lost, and the creditor records it once", async () => {
    start();
    creditor.setMode("lose-ack");
    await pay();
    await standIn.deliverDueReceipts();
    expect(creditor.receipts()).toHaveLength(1);
    creditor.setMode("up");
    now = new Date(deliveryState().next_delivery_at);
    await standIn.deliverDueReceipts();
    expect(creditor.calls).toBe(2);
    expect(creditor.receipts()).toHaveLength(1);
    expect(deliveryState().delivered_at).not.toBeNull();
  });

  it("is refused by a creditor holding another secret, and stays pending", async () => {
    start("a-different-secret-that-is-long-enough!");
    await pay();
    await standIn.deliverDueReceipts();
    expect(creditor.receipts()).toHaveLength(0);
    expect(deliveryState()).toMatchObject({ delivered_at: null, delivery_attempts: 1 });
    expect(deliveryState().last_delivery_error).toContain("401");
  });

  it("keeps the receipt pending when no endpoint is configured", async () => {
    start(CREDITOR_SECRET, false);
    await pay();
    await standIn.deliverDueReceipts();
    expect(deliveryState().last_delivery_error).toContain("no receipt endpoint");
  });

  it("refuses a bad callback configuration at start", () => {
    expect(() =>
      createPagopaStandIn({
        dbPath: ":memory:",
        creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: "http://x.test/", secret: "short" } },
      }),
    ).toThrow();
    expect(() =>
      createPagopaStandIn({
        dbPath: ":memory:",
        creditorCallbacks: { "77777777777": { url: "http://x.test/", secret: CREDITOR_SECRET } },
      }),
    ).toThrow();
    start();
  });

  it("delivers on its own timer", async () => {
    now = new Date();
    const timed = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: creditor.url, secret: CREDITOR_SECRET } },
      clock: () => new Date(),
      fetch: creditor.fetch,
      deliveryIntervalMs: 20,
      retry: { firstDelayMs: 10 },
    });
    standIn = timed;
    creditor.setMode("down");
    await pay();
    await new Promise((resolve) => setTimeout(resolve, 100));
    creditor.setMode("up");
    await expect.poll(() => creditor.receipts().length, { timeout: 2_000 }).toBe(1);
  });
});
