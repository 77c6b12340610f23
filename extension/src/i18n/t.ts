import type { Language } from "@cns-bridge/shared";
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

export { currentLanguage, resolveLanguage, setLanguage } from "./language.js";

/**
 * Italian is in every page's bundle; English is a lazy chunk (about 6 KiB gzip each), loaded only
 * for a holder who chose it, before the page renders.
 */
let english: Record<string, CatalogEntry> | null = null;

/** Makes `language`'s catalog available to `t()`; mountPage awaits it before the first render. */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === "en" && english === null) {
    english = (await import("../../public/_locales/en/messages.json")).default;
  }
}

function catalogFor(language: Language): Record<string, CatalogEntry> {
  if (language === "it") return it;
  // A page that renders English text without loading it is a bug: say so, never show Italian instead.
  if (english === null) throw new Error('English catalog not loaded: await loadLanguage("en") first');
  return english;
}

/** The message for `key`, with `$1`, `$2`... replaced by `substitutions` in order. */
export function t(key: MessageKey, ...substitutions: readonly (string | number)[]): string {
  const entry = catalogFor(currentLanguage())[key] ?? it[key];
  return entry.message.replace(/\$(\d)/g, (whole, index: string) => {
    const value = substitutions[Number(index) - 1];
    return value === undefined ? whole : String(value);
  });
}
