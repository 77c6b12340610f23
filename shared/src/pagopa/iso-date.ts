import { z } from "zod";

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "a date YYYY-MM-DD is expected")
  // zod runs this refinement even after the regex failed: the refinement checks the shape again
  // so that a malformed value is reported, not thrown as a RangeError by toISOString.
  .refine((value) => isExistingDate(value), { message: "this date does not exist" });

function isExistingDate(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** 2026-12-31 -> 31/12/2026, as Italian readers expect. */
export function formatItalianDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day ?? ""}/${month ?? ""}/${year ?? ""}`;
}
