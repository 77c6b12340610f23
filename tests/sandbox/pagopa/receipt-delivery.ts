import {
  RECEIPT_SIGNATURE_HEADER,
  type SendReceiptRequest,
  sendReceiptRequestSchema,
  sendReceiptResponseSchema,
  signReceiptBody,
} from "@cns-bridge/shared";
import type { StandInDatabase } from "./database.js";

/** Where and how the node reaches one creditor's receipt endpoint (paSendRT). */
export interface CreditorCallback {
  readonly url: string;
  /** HMAC secret shared with this creditor only, at least 32 bytes. */
  readonly secret: string;
}

export interface RetryPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 5_000 };

export interface StoredReceipt {
  readonly request: SendReceiptRequest;
  readonly cartId: string;
  readonly deliveryAttempts: number;
  readonly deliveredAt: string | null;
  readonly lastDeliveryError: string | null;
}

interface ReceiptRow {
  receipt_id: string;
  organization_fiscal_code: string;
  cart_id: string;
  request: string;
  delivery_attempts: number;
  delivered_at: string | null;
  last_delivery_error: string | null;
}

function fromRow(row: ReceiptRow): StoredReceipt {
  return {
    request: sendReceiptRequestSchema.parse(JSON.parse(row.request)),
    cartId: row.cart_id,
    deliveryAttempts: row.delivery_attempts,
    deliveredAt: row.delivered_at,
    lastDeliveryError: row.last_delivery_error,
  };
}

export function getReceipt(db: StandInDatabase, receiptId: string): StoredReceipt | undefined {
  const row = db.prepare("SELECT * FROM receipts WHERE receipt_id = ?").get(receiptId) as
    ReceiptRow | undefined;
  return row === undefined ? undefined : fromRow(row);
}

export function receiptsOfCart(db: StandInDatabase, cartId: string): StoredReceipt[] {
  return (
    db.prepare("SELECT * FROM receipts WHERE cart_id = ? ORDER BY rowid").all(cartId) as ReceiptRow[]
  ).map(fromRow);
}

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
}

export interface ReceiptDelivery {
  /** Sends every receipt whose turn has come, after any run already under way. */
  deliverDue(): Promise<DeliveryReport>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/**
 * The outbox of receipts. A receipt stays due until the creditor answers `{"outcome":"OK"}`;
 * failures back off exponentially up to `maxDelayMs` and never give up. The state lives in
 * the database, so a restart resumes where it stopped. A crash between the creditor's OK and
 * our write means one more delivery: the creditor dedups by receipt id.
 */
export function createReceiptDelivery(
  db: StandInDatabase,
  callbacks: Readonly<Record<string, CreditorCallback>>,
  fetchFn: typeof fetch,
  clock: () => Date,
  retry: RetryPolicy,
): ReceiptDelivery {
  // Runs are chained one after the other: two runs at once could send the same receipt twice.
  let queue: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function deliverOne(row: ReceiptRow): Promise<boolean> {
    const callback = callbacks[row.organization_fiscal_code];
    let error: string;
    if (callback === undefined) {
      error = "no receipt endpoint configured for this creditor";
    } else {
      try {
        const body = row.request;
        const response = await fetchFn(callback.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [RECEIPT_SIGNATURE_HEADER]: await signReceiptBody(body, callback.secret, clock()),
          },
          body,
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
        const text = await response.text();
        const ack = response.ok ? sendReceiptResponseSchema.safeParse(safeJson(text)) : undefined;
        if (ack?.success === true && ack.data.outcome === "OK") {
          db.prepare(
            "UPDATE receipts SET delivered_at = ?, delivery_attempts = delivery_attempts + 1, last_delivery_error = NULL WHERE receipt_id = ?",
          ).run(clock().toISOString(), row.receipt_id);
          return true;
        }
        error = `HTTP ${response.status}: ${text.slice(0, 200)}`;
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    const delay = Math.min(retry.firstDelayMs * 2 ** row.delivery_attempts, retry.maxDelayMs);
    db.prepare(
      "UPDATE receipts SET delivery_attempts = delivery_attempts + 1, next_delivery_at = ?, last_delivery_error = ? WHERE receipt_id = ?",
    ).run(clock().getTime() + delay, error, row.receipt_id);
    return false;
  }

  async function run(): Promise<DeliveryReport> {
    const due = db
      .prepare(
        "SELECT * FROM receipts WHERE delivered_at IS NULL AND next_delivery_at <= ? ORDER BY next_delivery_at",
      )
      .all(clock().getTime()) as ReceiptRow[];
    let delivered = 0;
    for (const row of due) {
      if (await deliverOne(row)) delivered += 1;
    }
    return { delivered, failed: due.length - delivered };
  }

  function deliverDue(): Promise<DeliveryReport> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    deliverDue,
    start(intervalMs) {
      if (timer !== undefined || intervalMs <= 0) return;
      timer = setInterval(() => {
        deliverDue().catch((error: unknown) =>
          console.error("[pagopa stand-in] receipt delivery failed", error),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await queue;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
