import type { ComponentChild } from "preact";
import { render } from "preact";
import { browser } from "wxt/browser";
import { loadLanguage, resolveLanguage, setLanguage, t, type MessageKey } from "../i18n/t.js";
import { languageItem } from "../storage-items.js";
import "./pages.css";

/** Every extension page starts here: the holder's language first, then the page's component. */
export async function mountPage(titleKey: MessageKey, page: () => ComponentChild): Promise<void> {
  const language = resolveLanguage(await languageItem.getValue(), browser.i18n.getUILanguage());
  await loadLanguage(language);
  setLanguage(language);
  document.documentElement.lang = language;
  document.title = t(titleKey);
  const root = document.getElementById("app");
  if (root !== null) render(page(), root);
}
