import { formatHumanDate } from "./human-date.js";
import type { Language, LocalizedMessage } from "./message.js";

/**
 * Error params stay machine-readable (ISO dates, rule codes) across processes; these turn them
 * into words of the holder's language when a message is rendered.
 */
const DATE_PARAMS = new Set(["date", "notBefore", "notAfter"]);

/** What each passphrase rule (shared/src/route/passphrase.ts) says when it is broken. */
export const PASSPHRASE_RULE_TEXT: Record<string, LocalizedMessage> = {
  length: { it: "deve essere lunga almeno 10 caratteri", en: "it must be at least 10 characters long" },
  "too-long": {
    it: "deve essere lunga al massimo 256 caratteri",
    en: "it must be at most 256 characters long",
  },
  lowercase: { it: "manca una lettera minuscola", en: "it has no lowercase letter" },
  uppercase: { it: "manca una lettera maiuscola", en: "it has no uppercase letter" },
  digit: { it: "manca una cifra", en: "it has no digit" },
};

const AND: Record<Language, string> = { it: " e ", en: " and " };

/** "a, b e c" / "a, b and c". */
function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")}${AND[language]}${items.at(-1) ?? ""}`;
}

export function humanParams(
  params: Readonly<Record<string, string | number>>,
  language: Language,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string" && DATE_PARAMS.has(name)) out[name] = formatHumanDate(value, language);
    else if (typeof value === "string" && name === "passphraseRules") {
      const rules = value.split(",").map((rule) => PASSPHRASE_RULE_TEXT[rule]?.[language] ?? rule);
      out[name] = joinList(rules, language);
    } else out[name] = value;
  }
  return out;
}
