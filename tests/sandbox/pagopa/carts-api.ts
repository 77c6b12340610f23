import { randomUUID } from "node:crypto";
import {
  cartRequestV1Schema,
  cartRequestV2Schema,
  describeIssues,
  isValidCreditorFiscalCode,
  isValidNoticeNumber,
} from "@cns-bridge/shared";
import type { Context, Hono } from "hono";
import { insertCart } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { problem, readJson } from "./problem.js";

export interface CartsApiDependencies {
  readonly db: StandInDatabase;
  readonly clock: () => Date;
  /** Base of the checkout page URL in Location; by default the origin the request came to. */
  readonly publicUrl: string | undefined;
}

/**
 * `POST /checkout/ec/v{1,2}/carts`: 302 to the checkout page, 400 ProblemJson when the body
 * breaks the spec's schema, 422 when it is well-formed but cannot be a payment (a notice
 * number whose check digits are wrong, a creditor fiscal code that cannot exist, the same
 * notice twice).
 */
export function registerCartsApi(app: Hono, deps: CartsApiDependencies): void {
  const handle = (version: 1 | 2) => async (c: Context) => {
    const body = await readJson(c);
    if (!body.ok) return problem(c, 400, "Bad Request", "the body is not JSON");
    const parsed = (version === 1 ? cartRequestV1Schema : cartRequestV2Schema).safeParse(body.value);
    if (!parsed.success) return problem(c, 400, "Bad Request", describeIssues(parsed.error));
    const cart = parsed.data;
    const unprocessable: string[] = [];
    cart.paymentNotices.forEach((notice, index) => {
      if (!isValidNoticeNumber(notice.noticeNumber)) {
        unprocessable.push(`paymentNotices.${index}.noticeNumber: not a valid notice number`);
      }
      if (!isValidCreditorFiscalCode(notice.fiscalCode)) {
        unprocessable.push(`paymentNotices.${index}.fiscalCode: not a valid creditor fiscal code`);
      }
    });
    const keys = cart.paymentNotices.map((notice) => `${notice.fiscalCode}/${notice.noticeNumber}`);
    if (new Set(keys).size !== keys.length)
      unprocessable.push("paymentNotices: the same notice appears twice");
    if (unprocessable.length > 0) return problem(c, 422, "Unprocessable Entity", unprocessable.join("; "));
    const id = randomUUID();
    insertCart(deps.db, id, version, cart, deps.clock());
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return c.body(null, 302, { location: `${base}/c/${id}` });
  };
  app.post("/checkout/ec/v1/carts", handle(1));
  app.post("/checkout/ec/v2/carts", handle(2));
}
