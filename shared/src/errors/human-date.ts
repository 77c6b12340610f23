import type { Language } from "./message.js";

const LOCALES: Record<Language, string> = { it: "it-IT", en: "en-GB" };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A calendar date as people write it: "26 novembre 2026" in Italian, "26 November 2026" in
 * English. Takes "YYYY-MM-DD" or a full ISO timestamp (certificate validity), read as the UTC
 * calendar date, as the dates are computed. Anything else is returned unchanged, so a value
 * that is not a date (e.g. "data non indicata") is never turned into a wrong one.
 */
export function formatHumanDate(value: string | Date, language: Language): string {
  const date = typeof value === "string" ? parseIsoDate(value) : value;
  if (date === null || Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

function parseIsoDate(value: string): Date | null {
  const match = ISO_DATE.exec(value);
  if (match === null) return null;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  // Reject impossible days ("2026-02-31") rather than letting Date roll them over.
  return value.length === 10 && date.toISOString().slice(0, 10) !== value ? null : date;
}
