import type { Language } from "@cns-bridge/shared";

/**
 * The holder's language, apart from the catalogs: the background needs it for coded errors but
 * not the pages' whole UI text (which `t()` brings along).
 */
let current: Language = "it";

export function setLanguage(language: Language): void {
  current = language;
}

export function currentLanguage(): Language {
  return current;
}

/** "auto" follows the browser: English when its language is English, Italian otherwise. */
export function resolveLanguage(setting: "auto" | Language, browserLanguage: string): Language {
  if (setting !== "auto") return setting;
  return browserLanguage.toLowerCase().startsWith("en") ? "en" : "it";
}
