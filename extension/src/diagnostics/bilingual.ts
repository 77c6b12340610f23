import en from "../../public/_locales/en/messages.json";
import it from "../../public/_locales/it/messages.json";
import type { MessageKey } from "../i18n/t.js";

/** A catalog message in both languages, with `$1`, `$2`... replaced, as reports carry their text. */
export function bilingual(key: MessageKey, ...substitutions: readonly (string | number)[]) {
  const fill = (message: string) =>
    message.replace(/\$(\d)/g, (whole, index: string) => {
      const value = substitutions[Number(index) - 1];
      return value === undefined ? whole : String(value);
    });
  const english = (en as Partial<Record<MessageKey, { message: string }>>)[key] ?? it[key];
  return { it: fill(it[key].message), en: fill(english.message) };
}
