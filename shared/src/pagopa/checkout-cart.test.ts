import { describe, expect, it } from "vitest";
import {
  buildCartRequest,
  cartRequestV1Schema,
  checkoutUrlFromCartResponse,
  submitCart,
} from "./checkout-cart.js";
import { parsePaymentNotice } from "./payment-notice.js";
import sample from "./test-vectors/sample-notice.json" with { type: "json" };

const notice = parsePaymentNotice(sample.notice);
const returnUrls = {
  returnOkUrl: "https://portale.example/pagopa/ok",
  returnCancelUrl: "https://portale.example/pagopa/annullato",
  returnErrorUrl: "https://portale.example/pagopa/errore",
};

function response(status: number, headers: Record<string, string>, body = "") {
  return new Response(status === 302 ? null : body, { status, headers });
}

describe("Checkout cart", () => {
  it("builds the spec's cart from a notice", () => {
    expect(
      buildCartRequest({
        notices: [notice],
        returnUrls,
        emailNotice: "mario.rossi@example.it",
        idCart: "R-1",
      }),
    ).toEqual({
      paymentNotices: [
        {
          noticeNumber: "322201151398574181",
          fiscalCode: "80002170019",
          amount: 5400,
          companyName: "Camera di Commercio di Prova",
          description: "Rilascio CNS su smart card (riconoscimento da remoto)",
        },
      ],
      returnUrls,
      emailNotice: "mario.rossi@example.it",
      idCart: "R-1",
    });
  });

  it("accepts the spec's own example once its URLs are absolute", () => {
    const example = {
      emailNotice: "my_email@mail.it",
      paymentNotices: [
        {
          noticeNumber: "302012387654312384",
          fiscalCode: "77777777777",
          amount: 1000,
          companyName: "Università degli Studi di Roma La Sapienza",
          description: "Pagamento test PostePay",
        },
      ],
      returnUrls,
      idCart: "id_cart",
      allCCP: false,
    };
    expect(cartRequestV1Schema.safeParse(example).success).toBe(true);
  });

  it("refuses carts outside the spec", () => {
    const tooMany = Array.from({ length: 6 }, () => notice);
    expect(() => buildCartRequest({ notices: tooMany, returnUrls })).toThrow(
      expect.objectContaining({ code: "PAGOPA_CART_INVALID" }),
    );
    expect(() => buildCartRequest({ notices: [], returnUrls })).toThrow(
      expect.objectContaining({ code: "PAGOPA_CART_INVALID" }),
    );
    expect(() => buildCartRequest({ notices: [notice, notice], returnUrls })).toThrow(
      expect.objectContaining({ code: "PAGOPA_CART_INVALID" }),
    );
    expect(() =>
      buildCartRequest({
        notices: [notice],
        returnUrls: { ...returnUrls, returnOkUrl: "javascript:alert(1)" },
      }),
    ).toThrow(expect.objectContaining({ code: "PAGOPA_CART_INVALID" }));
    expect(() => buildCartRequest({ notices: [notice], returnUrls, emailNotice: "not-an-email" })).toThrow(
      expect.objectContaining({ code: "PAGOPA_CART_INVALID" }),
    );
  });

  it("builds a v2 cart when a waiting URL is given", () => {
    const cart = buildCartRequest({
      notices: [notice],
      returnUrls: { ...returnUrls, returnWaitingUrl: "https://portale.example/attesa" },
    });
    expect(cart.returnUrls).toHaveProperty("returnWaitingUrl", "https://portale.example/attesa");
  });

  it("reads the checkout URL from the 302 Location, relative or absolute", async () => {
    await expect(
      checkoutUrlFromCartResponse(
        response(302, { location: "/c/abc" }),
        "https://checkout.example/checkout/ec/v1/carts",
      ),
    ).resolves.toBe("https://checkout.example/c/abc");
    await expect(
      checkoutUrlFromCartResponse(
        response(302, { location: "https://x.example/c/1" }),
        "https://checkout.example/",
      ),
    ).resolves.toBe("https://x.example/c/1");
  });

  it("turns refusals into coded errors carrying the ProblemJson detail", async () => {
    const problem = JSON.stringify({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "paymentNotices: too big",
    });
    await expect(
      checkoutUrlFromCartResponse(
        response(400, { "content-type": "application/json" }, problem),
        "https://c.example/",
      ),
    ).rejects.toMatchObject({
      code: "PAGOPA_CART_REJECTED",
      params: { status: 400, detail: "paymentNotices: too big" },
    });
    await expect(
      checkoutUrlFromCartResponse(response(500, {}, "<html>"), "https://c.example/"),
    ).rejects.toMatchObject({
      code: "PAGOPA_CART_REJECTED",
      params: { status: 500 },
    });
    await expect(checkoutUrlFromCartResponse(response(302, {}), "https://c.example/")).rejects.toMatchObject({
      code: "PAGOPA_CART_REJECTED",
    });
    await expect(
      checkoutUrlFromCartResponse(response(200, {}, "{}"), "https://c.example/"),
    ).rejects.toMatchObject({ code: "PAGOPA_CART_REJECTED" });
  });

  it("posts with manual redirects so the Location is not lost", async () => {
    const cart = buildCartRequest({ notices: [notice], returnUrls });
    const seen: RequestInit[] = [];
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(init ?? {});
      return response(302, { location: "https://checkout.example/c/1" });
    }) as typeof fetch;
    await expect(submitCart(cart, "https://checkout.example/checkout/ec/v1/carts", fakeFetch)).resolves.toBe(
      "https://checkout.example/c/1",
    );
    expect(seen[0]?.redirect).toBe("manual");
    expect(JSON.parse(String(seen[0]?.body))).toEqual(cart);
  });
});
