import { renderReceiptPdf } from "@cns-bridge/shared";
import type { Hono } from "hono";
import type { StandInDatabase } from "./database.js";
import { problem } from "./problem.js";
import { getReceipt } from "./receipt-delivery.js";

/**
 * The payer's copy of a receipt. Receipt ids are random UUIDs handed out only on the outcome
 * page, which is what keeps one payer from reading another's receipt here.
 */
export function registerReceiptsApi(app: Hono, db: StandInDatabase): void {
  app.get("/receipts/:receiptId", (c) => {
    const stored = getReceipt(db, c.req.param("receiptId"));
    if (stored === undefined) return problem(c, 404, "Not Found", "no receipt with this id");
    return c.json({
      receipt: stored.request.receipt,
      delivery: {
        delivered: stored.deliveredAt !== null,
        deliveredAt: stored.deliveredAt,
        attempts: stored.deliveryAttempts,
        lastError: stored.lastDeliveryError,
      },
    });
  });

  app.get("/receipts/:receiptId/pdf", async (c) => {
    const stored = getReceipt(db, c.req.param("receiptId"));
    if (stored === undefined) return problem(c, 404, "Not Found", "no receipt with this id");
    const pdf = await renderReceiptPdf(stored.request.receipt);
    return c.body(pdf.slice().buffer, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="ricevuta-${stored.request.receipt.noticeNumber}.pdf"`,
    });
  });
}
