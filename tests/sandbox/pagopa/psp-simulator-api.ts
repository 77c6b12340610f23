import type { Hono } from "hono";
import { z } from "zod";
import type { StandInDatabase } from "./database.js";
import { resolveWaitingCart } from "./payments.js";
import { problem, readJson } from "./problem.js";
import type { PaymentContext } from "./record-payment.js";

const lateOutcomeSchema = z.object({ outcome: z.enum(["success", "refused", "error"]) });

/**
 * Test control, not part of pagoPA: plays the PSP that answers late for a payment left
 * "waiting", so a creditor's tests can see a receipt arrive after the payer came back.
 */
export function registerPspSimulatorApi(
  app: Hono,
  deps: { db: StandInDatabase; paymentContext: () => PaymentContext; onPaid: () => void },
): void {
  app.post("/sandbox/psp/carts/:cartId/outcome", async (c) => {
    const body = await readJson(c);
    const parsed = body.ok ? lateOutcomeSchema.safeParse(body.value) : undefined;
    if (parsed?.success !== true)
      return problem(c, 400, "Bad Request", 'expected {"outcome": "success" | "refused" | "error"}');
    const result = resolveWaitingCart(
      deps.db,
      c.req.param("cartId"),
      parsed.data.outcome,
      deps.paymentContext(),
    );
    switch (result.kind) {
      case "not-found":
        return problem(c, 404, "Not Found", "no such cart");
      case "not-waiting":
        return problem(c, 409, "Conflict", `the cart is not waiting (outcome: ${result.outcome ?? "none"})`);
      case "resolved":
        if (result.outcome === "success") deps.onPaid();
        return c.json({ outcome: result.outcome });
    }
  });
}
