import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  createCart,
  outcomeOf,
  postJson,
  registerNotice,
  sampleNotice,
  startPayment,
  submitPayment,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { createTestCreditor } from "./support/test-creditor.js";

const WAITING_CARD = { ...SUCCESS_CARD, number: "4000 0000 0000 0259" };

describe("a PSP answering late for a waiting payment", () => {
  const now = new Date("2026-11-23T09:00:00Z");
  let standIn: PagopaStandIn;
  let creditor: ReturnType<typeof createTestCreditor>;

  beforeEach(() => {
    creditor = createTestCreditor({ secret: CREDITOR_SECRET, clock: () => now });
    standIn = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: creditor.url, secret: CREDITOR_SECRET } },
      clock: () => now,
      fetch: creditor.fetch,
      deliveryIntervalMs: 0,
    });
  });
  afterEach(async () => {
    await standIn.close();
    creditor.close();
  });

  async function waitingCart() {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const cartPath = await createCart(standIn.app, [notice]);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, cartPath), WAITING_CARD)),
    ).toBe("waiting");
    return { notice, cartPath, cartId: cartPath.split("/").pop() ?? "" };
  }

  it("turns waiting into a payment: the receipt arrives after the payer left", async () => {
    const { notice, cartPath, cartId } = await waitingCart();
    await standIn.deliverDueReceipts();
    expect(creditor.receipts()).toHaveLength(0);
    const resolved = await postJson(standIn.app, `/sandbox/psp/carts/${cartId}/outcome`, {
      outcome: "success",
    });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toEqual({ outcome: "success" });
    await standIn.deliverDueReceipts();
    expect(creditor.receipts().map((receipt) => receipt.noticeNumber)).toEqual([notice.noticeNumber]);
    expect(outcomeOf(await (await standIn.app.request(`${cartPath}/esito`)).text())).toBe("success");
    const again = await postJson(standIn.app, `/sandbox/psp/carts/${cartId}/outcome`, { outcome: "refused" });
    expect(again.status).toBe(409);
  });

  it("turns waiting into a refusal and frees the notice", async () => {
    const { notice, cartId } = await waitingCart();
    const resolved = await postJson(standIn.app, `/sandbox/psp/carts/${cartId}/outcome`, {
      outcome: "refused",
    });
    expect(await resolved.json()).toEqual({ outcome: "refused" });
    const retry = await createCart(standIn.app, [notice]);
    expect(
      outcomeOf(await submitPayment(standIn.app, await startPayment(standIn.app, retry), SUCCESS_CARD)),
    ).toBe("success");
  });

  it("answers 400, 404 and 409 for bad requests", async () => {
    const { cartId } = await waitingCart();
    for (const body of ["{", { outcome: "waiting" }, { outcome: "cancelled" }, {}, []]) {
      expect((await postJson(standIn.app, `/sandbox/psp/carts/${cartId}/outcome`, body)).status).toBe(400);
    }
    expect(
      (await postJson(standIn.app, "/sandbox/psp/carts/unknown/outcome", { outcome: "success" })).status,
    ).toBe(404);
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const openCart = (await createCart(standIn.app, [notice])).split("/").pop() ?? "";
    expect(
      (await postJson(standIn.app, `/sandbox/psp/carts/${openCart}/outcome`, { outcome: "success" })).status,
    ).toBe(409);
  });
});
