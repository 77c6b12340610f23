import type { browser as browserApi } from "wxt/browser";

export const ATTACH_MENU_ID = "cns-bridge-sign-attach";

/** The message the background sends to the tab's content script when the holder picks the menu item. */
export const ATTACH_START_MESSAGE = { kind: "attach:start" } as const;

/**
 * "Firma e allega con la CNS": on any https page; the content script acts on the file input the
 * holder right-clicked and ignores the click elsewhere.
 */
export function installAttachMenu(browser: typeof browserApi, title: string): void {
  browser.contextMenus.removeAll(() => {
    browser.contextMenus.create({
      id: ATTACH_MENU_ID,
      title,
      contexts: ["all"],
      documentUrlPatterns: ["https://*/*", "http://localhost/*", "http://127.0.0.1/*"],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== ATTACH_MENU_ID || tab?.id === undefined) return;
    browser.tabs
      .sendMessage(tab.id, ATTACH_START_MESSAGE, { frameId: info.frameId ?? 0 })
      .catch(() => undefined);
  });
}
