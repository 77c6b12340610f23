import {
  decideReceiptRecording,
  type PagopaReceipt,
  pagopaReceiptSchema,
  RECEIPT_SIGNATURE_HEADER,
  verifyReceiptCallback,
} from "@cns-bridge/shared";
import Database from "better-sqlite3";
import { Hono } from "hono";

export type CreditorMode = "up" | "down" | "ko" | "lose-ack";

/**
 * A creditor's receipt endpoint as a real portal would write it with `@cns-bridge/shared`:
 * authenticate the callback, then record the receipt once in its accounting (SQLite,
 * keyed by receipt id and notice). `mode` injects the faults the node must survive.
 */
export function createTestCreditor(options: { secret: string; clock: () => Date; dbPath?: string }) {
  const db = new Database(options.dbPath ?? ":memory:");
  db.exec(
    "CREATE TABLE IF NOT EXISTS accounting (receipt_id TEXT PRIMARY KEY, notice_number TEXT NOT NULL UNIQUE, receipt TEXT NOT NULL)",
  );
  let mode: CreditorMode = "up";
  let calls = 0;
  const app = new Hono();
  app.post("/pagopa/receipts", async (c) => {
    calls += 1;
    if (mode === "down") return c.json({ error: "service unavailable" }, 503);
    const rawBody = await c.req.text();
    let receipt: PagopaReceipt;
    try {
      receipt = (
        await verifyReceiptCallback({
          rawBody,
          signatureHeader: c.req.header(RECEIPT_SIGNATURE_HEADER),
          secret: options.secret,
          now: options.clock(),
        })
      ).receipt;
    } catch {
      return c.json({ outcome: "KO", fault: { faultCode: "PAA_RECEIPT_NOT_AUTHENTIC" } }, 401);
    }
    if (mode === "ko") return c.json({ outcome: "KO", fault: { faultCode: "PAA_SYSTEM_ERROR" } });
    db.transaction(() => {
      const row = db
        .prepare("SELECT receipt FROM accounting WHERE notice_number = ?")
        .get(receipt.noticeNumber) as { receipt: string } | undefined;
      const recorded = row === undefined ? undefined : pagopaReceiptSchema.parse(JSON.parse(row.receipt));
      if (decideReceiptRecording(recorded, receipt) === "record") {
        db.prepare("INSERT INTO accounting (receipt_id, notice_number, receipt) VALUES (?, ?, ?)").run(
          receipt.receiptId,
          receipt.noticeNumber,
          JSON.stringify(receipt),
        );
      }
    })();
    // The receipt is recorded, but the acknowledgement is lost on the way back.
    if (mode === "lose-ack") return c.json({ error: "gateway timeout" }, 504);
    return c.json({ outcome: "OK" });
  });

  return {
    app,
    url: "http://creditor.test/pagopa/receipts",
    /** Routes the stand-in's callbacks to this app in-process. */
    fetch: ((input: string | URL | Request, init?: RequestInit) => app.request(input, init)) as typeof fetch,
    setMode(next: CreditorMode) {
      mode = next;
    },
    get calls() {
      return calls;
    },
    receipts(): PagopaReceipt[] {
      return (db.prepare("SELECT receipt FROM accounting ORDER BY rowid").all() as { receipt: string }[]).map(
        (row) => pagopaReceiptSchema.parse(JSON.parse(row.receipt)),
      );
    },
    close() {
      db.close();
    },
  };
}
