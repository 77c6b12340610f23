import { cartRequestV2Schema } from "@cns-bridge/shared";
import type { z } from "zod";
import type { StandInDatabase } from "./database.js";
import { type Outcome, outcomeSchema } from "./payment-methods.js";

/** A v1 cart is stored with its waiting URL absent; the shape is otherwise the same. */
const storedCartRequestSchema = cartRequestV2Schema.extend({
  returnUrls: cartRequestV2Schema.shape.returnUrls.partial({ returnWaitingUrl: true }),
});
export type StoredCartRequest = z.infer<typeof storedCartRequestSchema>;

export interface Cart {
  readonly id: string;
  readonly apiVersion: 1 | 2;
  readonly request: StoredCartRequest;
  readonly email: string | null;
  readonly outcome: Outcome | null;
  readonly faultCode: string | null;
}

interface CartRow {
  id: string;
  api_version: 1 | 2;
  request: string;
  email: string | null;
  outcome: string | null;
  fault_code: string | null;
}

export function insertCart(
  db: StandInDatabase,
  id: string,
  apiVersion: 1 | 2,
  request: unknown,
  now: Date,
): void {
  db.prepare("INSERT INTO carts (id, api_version, request, created_at) VALUES (?, ?, ?, ?)").run(
    id,
    apiVersion,
    JSON.stringify(request),
    now.toISOString(),
  );
}

export function getCart(db: StandInDatabase, id: string): Cart | undefined {
  const row = db.prepare("SELECT * FROM carts WHERE id = ?").get(id) as CartRow | undefined;
  if (row === undefined) return undefined;
  return {
    id: row.id,
    apiVersion: row.api_version,
    request: storedCartRequestSchema.parse(JSON.parse(row.request)),
    email: row.email,
    outcome: row.outcome === null ? null : outcomeSchema.parse(row.outcome),
    faultCode: row.fault_code,
  };
}

export function setCartEmail(db: StandInDatabase, id: string, email: string): void {
  db.prepare("UPDATE carts SET email = ? WHERE id = ? AND outcome IS NULL").run(email, id);
}

/** Where the browser goes back to for an outcome; v1 has no waiting URL, so waiting counts as error. */
export function returnUrlFor(cart: Cart, outcome: Outcome): string {
  const urls = cart.request.returnUrls;
  switch (outcome) {
    case "success":
      return urls.returnOkUrl;
    case "cancelled":
      return urls.returnCancelUrl;
    case "waiting":
      return urls.returnWaitingUrl ?? urls.returnErrorUrl;
    case "refused":
    case "error":
      return urls.returnErrorUrl;
  }
}
