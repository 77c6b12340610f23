/**
 * Italian working days: Monday to Friday, except the national holidays (Easter Monday
 * included) and the Chamber's local patron day. Dates are calendar days in "YYYY-MM-DD".
 */

const NATIONAL_HOLIDAYS = [
  "01-01",
  "01-06",
  "04-25",
  "05-01",
  "06-02",
  "08-15",
  "11-01",
  "12-08",
  "12-25",
  "12-26",
];

/** Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm), as "YYYY-MM-DD". */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function toDate(iso: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not a calendar date: ${iso}`);
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`not a calendar date: ${iso}`);
  }
  return date;
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addCalendarDays(iso: string, days: number): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

export function isItalianHoliday(iso: string, localHolidays: readonly string[] = []): boolean {
  const monthDay = iso.slice(5);
  if (NATIONAL_HOLIDAYS.includes(monthDay) || localHolidays.includes(monthDay)) return true;
  return addCalendarDays(easterSunday(Number(iso.slice(0, 4))), 1) === iso;
}

export function isWorkingDay(iso: string, localHolidays: readonly string[] = []): boolean {
  const weekday = toDate(iso).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isItalianHoliday(iso, localHolidays);
}

/** The n-th working day after `iso` (n >= 1); `iso` itself never counts. */
export function addWorkingDays(iso: string, n: number, localHolidays: readonly string[] = []): string {
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new RangeError(`working days out of range: ${n}`);
  let current = iso;
  let counted = 0;
  while (counted < n) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, localHolidays)) counted += 1;
  }
  return current;
}
