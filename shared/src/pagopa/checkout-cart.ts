import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";
import { describeIssues, type PaymentNotice } from "./payment-notice.js";
import { problemJsonSchema } from "./problem-json.js";

/**
 * The Checkout "EC" API's cart (pagopa-api `openapi/checkout_v1.json` `CartRequest`, v2
 * `CartRequestV2`), field for field. The schema is the spec's and no stricter: the spec only
 * fixes lengths, so check digits and fiscal code rules are the stand-in's business, not the
 * schema's. Return URLs must be absolute http(s) URLs because the browser is sent to them.
 */
const returnUrl = z.url({ protocol: /^https?$/ });

export const cartPaymentNoticeSchema = z.object({
  noticeNumber: z.string().length(18),
  fiscalCode: z.string().length(11),
  /** Euro cents. */
  amount: z.number().int().min(1),
  companyName: z.string().max(140),
  description: z.string().max(140),
});
export type CartPaymentNotice = z.infer<typeof cartPaymentNoticeSchema>;

const cartFields = {
  emailNotice: z.email().optional(),
  paymentNotices: z.array(cartPaymentNoticeSchema).min(1).max(5),
  idCart: z.string().optional(),
  allCCP: z.boolean().optional(),
};

export const cartRequestV1Schema = z.object({
  ...cartFields,
  returnUrls: z.object({ returnOkUrl: returnUrl, returnCancelUrl: returnUrl, returnErrorUrl: returnUrl }),
});
export type CartRequestV1 = z.infer<typeof cartRequestV1Schema>;

/** v2 adds the "waiting" return, for payments whose outcome is not known yet. */
export const cartRequestV2Schema = z.object({
  ...cartFields,
  returnUrls: z.object({
    returnOkUrl: returnUrl,
    returnCancelUrl: returnUrl,
    returnErrorUrl: returnUrl,
    returnWaitingUrl: returnUrl,
  }),
});
export type CartRequestV2 = z.infer<typeof cartRequestV2Schema>;

export type CartReturnUrls = CartRequestV1["returnUrls"] & { returnWaitingUrl?: string };

export interface CartInput {
  readonly notices: readonly PaymentNotice[];
  readonly returnUrls: CartReturnUrls;
  readonly emailNotice?: string;
  readonly idCart?: string;
}

/** Builds a cart from validated notices; returns a v2 cart when a waiting URL is given. */
export function buildCartRequest(input: CartInput): CartRequestV1 | CartRequestV2 {
  const candidate = {
    paymentNotices: input.notices.map((notice) => ({
      noticeNumber: notice.noticeNumber,
      fiscalCode: notice.creditor.fiscalCode,
      amount: notice.amountCents,
      companyName: notice.creditor.name,
      description: notice.description,
    })),
    returnUrls: input.returnUrls,
    ...(input.emailNotice === undefined ? {} : { emailNotice: input.emailNotice }),
    ...(input.idCart === undefined ? {} : { idCart: input.idCart }),
  };
  const schema = input.returnUrls.returnWaitingUrl === undefined ? cartRequestV1Schema : cartRequestV2Schema;
  const result = schema.safeParse(candidate);
  if (!result.success) {
    throw new CnsBridgeError("PAGOPA_CART_INVALID", { detail: describeIssues(result.error) });
  }
  const numbers = new Set(result.data.paymentNotices.map((notice) => notice.noticeNumber));
  if (numbers.size !== result.data.paymentNotices.length) {
    throw new CnsBridgeError("PAGOPA_CART_INVALID", { detail: "the same notice appears twice" });
  }
  return result.data;
}

/** The part of a fetch Response the cart answer needs; lets callers pass any HTTP client's reply. */
export interface CartResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * Checkout answers a good cart with 302 and the checkout page in `Location` (send the payer's
 * browser there). Anything else is a refusal carrying a ProblemJson, turned into a coded error.
 * Call fetch with `redirect: "manual"`, or the 302 is followed and the Location lost.
 */
export async function checkoutUrlFromCartResponse(
  response: CartResponse,
  requestUrl: string,
): Promise<string> {
  if (response.status === 302) {
    const location = response.headers.get("location");
    if (location === null || location.length === 0) {
      throw new CnsBridgeError("PAGOPA_CART_REJECTED", { status: 302, detail: "no Location header" });
    }
    try {
      return new URL(location, requestUrl).toString();
    } catch (cause) {
      throw new CnsBridgeError(
        "PAGOPA_CART_REJECTED",
        { status: 302, detail: "Location is not a URL" },
        { cause },
      );
    }
  }
  let detail = "no problem description";
  try {
    const problem = problemJsonSchema.safeParse(JSON.parse(await response.text()));
    if (problem.success) {
      detail = problem.data.detail ?? problem.data.title ?? detail;
    }
  } catch {
    // Not JSON: the status alone has to speak.
  }
  throw new CnsBridgeError("PAGOPA_CART_REJECTED", { status: response.status, detail });
}

/** Posts a cart and returns the checkout page URL. `endpoint` is the `.../carts` URL. */
export async function submitCart(
  cart: CartRequestV1 | CartRequestV2,
  endpoint: string,
  fetchFn: typeof fetch = fetch,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetchFn(endpoint, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(cart),
  });
  return checkoutUrlFromCartResponse(response, endpoint);
}
