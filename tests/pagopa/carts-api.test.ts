import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import { CREDITOR_FISCAL_CODE, postJson, RETURN_URLS, sampleNotice, tempDbPath } from "./support/fixtures.js";

function cartItem(overrides: Record<string, unknown> = {}) {
  const notice = sampleNotice();
  return {
    noticeNumber: notice.noticeNumber,
    fiscalCode: CREDITOR_FISCAL_CODE,
    amount: 5400,
    companyName: "Camera di Commercio di Prova",
    description: "Rilascio CNS",
    ...overrides,
  };
}

describe("POST /checkout/ec/v1/carts and v2", () => {
  let standIn: PagopaStandIn;
  beforeEach(() => {
    standIn = createPagopaStandIn({ dbPath: tempDbPath(), creditorCallbacks: {}, deliveryIntervalMs: 0 });
  });
  afterEach(() => standIn.close());

  it("answers a good cart with 302 to the checkout page", async () => {
    const response = await postJson(standIn.app, "http://checkout.test/checkout/ec/v1/carts", {
      paymentNotices: [cartItem()],
      returnUrls: RETURN_URLS,
      emailNotice: "mario.rossi@example.it",
      idCart: "portal-42",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^http:\/\/checkout\.test\/c\/[0-9a-f-]{36}$/);
  });

  it.each([
    ["no notices", { paymentNotices: [], returnUrls: RETURN_URLS }],
    ["six notices", { paymentNotices: Array.from({ length: 6 }, () => cartItem()), returnUrls: RETURN_URLS }],
    ["amount 0", { paymentNotices: [cartItem({ amount: 0 })], returnUrls: RETURN_URLS }],
    ["amount in euros", { paymentNotices: [cartItem({ amount: 54.5 })], returnUrls: RETURN_URLS }],
    ["amount as text", { paymentNotices: [cartItem({ amount: "5400" })], returnUrls: RETURN_URLS }],
    [
      "a 17-digit notice number",
      { paymentNotices: [cartItem({ noticeNumber: "32220115139857418" })], returnUrls: RETURN_URLS },
    ],
    [
      "a 10-digit fiscal code",
      { paymentNotices: [cartItem({ fiscalCode: "8000217001" })], returnUrls: RETURN_URLS },
    ],
    [
      "a companyName of 141",
      { paymentNotices: [cartItem({ companyName: "x".repeat(141) })], returnUrls: RETURN_URLS },
    ],
    [
      "a description of 141",
      { paymentNotices: [cartItem({ description: "x".repeat(141) })], returnUrls: RETURN_URLS },
    ],
    ["no returnUrls", { paymentNotices: [cartItem()] }],
    [
      "a missing returnErrorUrl",
      {
        paymentNotices: [cartItem()],
        returnUrls: { returnOkUrl: RETURN_URLS.returnOkUrl, returnCancelUrl: RETURN_URLS.returnCancelUrl },
      },
    ],
    [
      "a javascript: return URL",
      { paymentNotices: [cartItem()], returnUrls: { ...RETURN_URLS, returnOkUrl: "javascript:alert(1)" } },
    ],
    ["a bad email", { paymentNotices: [cartItem()], returnUrls: RETURN_URLS, emailNotice: "mario" }],
    ["an array", []],
    ["null", null],
  ])("refuses %s with 400 ProblemJson", async (_name, body) => {
    const response = await postJson(standIn.app, "/checkout/ec/v1/carts", body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { status: number; title: string; detail: string };
    expect(problem).toMatchObject({ status: 400, title: "Bad Request" });
    expect(problem.detail.length).toBeGreaterThan(0);
  });

  it("refuses a body that is not JSON with 400", async () => {
    for (const body of ["{", "", "\u0000", "{".repeat(10_000)]) {
      const response = await postJson(standIn.app, "/checkout/ec/v1/carts", body);
      expect(response.status).toBe(400);
    }
  });

  it.each([
    ["wrong check digits (the spec's own example)", { noticeNumber: "302012387654312384" }, "noticeNumber"],
    ["an impossible creditor fiscal code", { fiscalCode: "77777777777" }, "fiscalCode"],
  ])("refuses %s with 422", async (_name, change, field) => {
    const response = await postJson(standIn.app, "/checkout/ec/v1/carts", {
      paymentNotices: [cartItem(change)],
      returnUrls: RETURN_URLS,
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toContain(field);
  });

  it("refuses the same notice twice in a cart with 422", async () => {
    const item = cartItem();
    const response = await postJson(standIn.app, "/checkout/ec/v1/carts", {
      paymentNotices: [item, item],
      returnUrls: RETURN_URLS,
    });
    expect(response.status).toBe(422);
  });

  it("refuses an oversized body with 413 before parsing it", async () => {
    const response = await postJson(standIn.app, "/checkout/ec/v1/carts", {
      paymentNotices: [cartItem({ description: "x".repeat(100_000) })],
      returnUrls: RETURN_URLS,
    });
    expect(response.status).toBe(413);
  });

  it("wants returnWaitingUrl on v2 only", async () => {
    const v1Cart = { paymentNotices: [cartItem()], returnUrls: RETURN_URLS };
    expect((await postJson(standIn.app, "/checkout/ec/v2/carts", v1Cart)).status).toBe(400);
    const v2Cart = {
      ...v1Cart,
      returnUrls: { ...RETURN_URLS, returnWaitingUrl: "http://portal.test/attesa" },
    };
    expect((await postJson(standIn.app, "/checkout/ec/v2/carts", v2Cart)).status).toBe(302);
  });
});

describe("subscription key", () => {
  it("is required on the creditor APIs when configured, not on the payer's pages", async () => {
    const standIn = createPagopaStandIn({
      dbPath: tempDbPath(),
      creditorCallbacks: {},
      apiKey: "test-subscription-key",
      deliveryIntervalMs: 0,
    });
    try {
      const cart = { paymentNotices: [cartItem()], returnUrls: RETURN_URLS };
      const missing = await postJson(standIn.app, "/checkout/ec/v1/carts", cart);
      expect(missing.status).toBe(401);
      const wrong = await postJson(standIn.app, "/checkout/ec/v1/carts", cart, {
        "Ocp-Apim-Subscription-Key": "nope",
      });
      expect(wrong.status).toBe(401);
      const gpd = await standIn.app.request(
        `/gpd/debt-positions-service/v1/organizations/${CREDITOR_FISCAL_CODE}/debtpositions/x`,
      );
      expect(gpd.status).toBe(401);
      const good = await postJson(standIn.app, "/checkout/ec/v1/carts", cart, {
        "Ocp-Apim-Subscription-Key": "test-subscription-key",
      });
      expect(good.status).toBe(302);
      const page = await standIn.app.request(new URL(good.headers.get("location") ?? "").pathname);
      expect(page.status).toBe(409);
    } finally {
      await standIn.close();
    }
  });
});
