import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";

/**
 * Amounts are whole euro cents, never floats: 54.00 EUR is 5400. The ceiling is pagoPA's
 * `stAmount` maximum, 999999999.99 EUR.
 */
export const MAX_AMOUNT_CENTS = 99_999_999_999;

export const amountCentsSchema = z.number().int().min(1).max(MAX_AMOUNT_CENTS);

export function parseAmountCents(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new CnsBridgeError("PAGOPA_AMOUNT_INVALID", { detail: "not a whole number of cents" });
  }
  if (value < 1 || value > MAX_AMOUNT_CENTS) {
    throw new CnsBridgeError("PAGOPA_AMOUNT_INVALID", { detail: `${value} is out of range` });
  }
  return value;
}

/** Italian notation without the currency sign: 1234567 -> "12.345,67". */
export function formatEuroCents(cents: number): string {
  const amount = parseAmountCents(cents);
  const euros = Math.floor(amount / 100).toString();
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${grouped},${(amount % 100).toString().padStart(2, "0")}`;
}

/** The decimal notation of pagoPA's XML amounts: 5400 -> "54.00". */
export function euroCentsToDecimal(cents: number): string {
  const amount = parseAmountCents(cents);
  return `${Math.floor(amount / 100)}.${(amount % 100).toString().padStart(2, "0")}`;
}
