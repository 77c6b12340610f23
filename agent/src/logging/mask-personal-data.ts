/**
 * Logs must never carry a PIN, a passphrase, document content or an unmasked codice fiscale.
 * Secrets are removed by key; codici fiscali are masked wherever they appear in text
 * (certificate subjects, file names, error details), keeping the first 3 and last 2 characters.
 */

const SECRET_KEYS = new Set([
  "pin",
  "puk",
  "passphrase",
  "password",
  "data",
  "content",
  "nonce",
  "signature",
]);

// Personal codice fiscale (omocodia letters allowed in the numeric positions), case-insensitive.
const CODICE_FISCALE_IN_TEXT =
  /\b([A-Z]{3})[A-Z]{3}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}([A-Z])\b/gi;

export function maskCodiciFiscaliInText(text: string): string {
  return text.replace(CODICE_FISCALE_IN_TEXT, (whole: string, head: string) => {
    return `${head}${"*".repeat(whole.length - 5)}${whole.slice(-2)}`;
  });
}

/** A deep copy of `value` safe to log: secrets replaced by "[redacted]", codici fiscali masked. */
export function redactForLog(value: unknown, options: { maskPersonalData: boolean }, depth = 0): unknown {
  if (depth > 8) return "[too deep]";
  if (typeof value === "string") return options.maskPersonalData ? maskCodiciFiscaliInText(value) : value;
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, options, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactForLog(value.message, options, depth + 1),
      code: "code" in value ? value.code : undefined,
    };
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEYS.has(key.toLowerCase()) ? "[redacted]" : redactForLog(item, options, depth + 1);
    }
    return out;
  }
  return value;
}
