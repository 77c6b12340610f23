/** A PDF date string (ISO 32000-1 §7.9.4) in UTC: D:YYYYMMDDHHmmSS+00'00'. */
export function formatPdfDate(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  return (
    `D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}+00'00'`
  );
}

const PDF_DATE = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?$/;

/** Reads a PDF date; undefined when the text is not one. */
export function parsePdfDate(text: string): Date | undefined {
  const match = PDF_DATE.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = match;
  const inRange = [
    [mo, 1, 12],
    [d, 1, 31],
    [h, 0, 23],
    [mi, 0, 59],
    [s, 0, 59],
    [oh, 0, 23],
    [om, 0, 59],
  ].every(([value, min, max]) => Number(value) >= Number(min) && Number(value) <= Number(max));
  // Date.UTC would silently roll month 13 into the next year: a forged date must not read as valid.
  if (!inRange) return undefined;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === "-" ? -1 : sign === "+" ? 1 : 0);
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
