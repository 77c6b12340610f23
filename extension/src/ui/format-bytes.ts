/** "12,3 MB" / "12.3 MB": sizes as a person reads them, in the page's language. */
export function formatBytes(size: number, language: "it" | "en"): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(language === "it" ? "it-IT" : "en-GB", { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** RSSMRA80A01H501U -> RSS*********501U: enough to recognise it, not to copy it. */
export function maskCodiceFiscale(codiceFiscale: string): string {
  if (codiceFiscale.length < 8) return "*".repeat(codiceFiscale.length);
  return `${codiceFiscale.slice(0, 3)}${"*".repeat(codiceFiscale.length - 7)}${codiceFiscale.slice(-4)}`;
}
