import type { Language } from "@cns-bridge/shared";
import en from "../../public/_locales/en/messages.json";
import it from "../../public/_locales/it/messages.json";
import { currentLanguage } from "./language.js";

/**
 * UI text from the WebExtension catalogs (`public/_locales/<lang>/messages.json`, Italian first).
 * Read directly rather than through `browser.i18n` so the holder's language choice in the options
 * applies at once, whatever the browser's own language.
 */
export type MessageKey = keyof typeof it;

interface CatalogEntry {
  readonly message: string;
}

const catalogs: Record<Language, Record<string, CatalogEntry>> = { it, en };
export { currentLanguage, resolveLanguage, setLanguage } from "./language.js";

/** The message for `key`, with `$1`, `$2`... replaced by `substitutions` in order. */
export function t(key: MessageKey, ...substitutions: readonly (string | number)[]): string {
  const entry = catalogs[currentLanguage()][key] ?? it[key];
  return entry.message.replace(/\$(\d)/g, (whole, index: string) => {
    const value = substitutions[Number(index) - 1];
    return value === undefined ? whole : String(value);
  });
}
