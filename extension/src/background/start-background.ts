import type { browser as browserApi } from "wxt/browser";
import { AgentConnection } from "../agent/agent-connection.js";
import { openBrowserSocket } from "../agent/browser-socket.js";
import { DialogBroker } from "../dialogs/dialog-broker.js";
import { currentLanguage, resolveLanguage, setLanguage } from "../i18n/language.js";
import {
  agentPortItem,
  configuredPortalOrigin,
  developerModeItem,
  languageItem,
  sitePermissionsItem,
} from "../storage-items.js";
import { installAttachMenu } from "./context-menu.js";
import { keepBackgroundAwake } from "./keep-awake.js";
import { createMessageRouter } from "./message-router.js";
import { SignRelay } from "./sign-relay.js";

/** Builds the background from its parts; `entrypoints/background.ts` only calls this. */
export function startBackground(browser: typeof browserApi): void {
  const connection = new AgentConnection({
    url: async () => `ws://127.0.0.1:${await agentPortItem.getValue()}`,
    createSocket: openBrowserSocket,
    clientVersion: `cns-bridge-extension/${browser.runtime.getManifest().version}`,
  });
  const dialogs = new DialogBroker({
    open: async (path) =>
      (
        await browser.windows.create({
          url: browser.runtime.getURL(path as "/pin.html"),
          type: "popup",
          width: 480,
          height: 640,
          focused: true,
        })
      )?.id,
    close: async (windowId) => {
      await browser.windows.remove(windowId);
    },
  });
  browser.windows.onRemoved.addListener((windowId) => dialogs.windowClosed(windowId));
  const context = {
    connection,
    dialogs,
    sitePermissions: sitePermissionsItem,
    developerMode: () => developerModeItem.getValue(),
    extensionVersion: browser.runtime.getManifest().version,
  };
  const language = async () => {
    setLanguage(resolveLanguage(await languageItem.getValue(), browser.i18n.getUILanguage()));
    return currentLanguage();
  };
  const route = createMessageRouter({
    context,
    relay: new SignRelay(context),
    extensionBaseUrl: browser.runtime.getURL("/"),
    language,
    reconnect: () => connection.reconnectNow(),
    portalOrigin: configuredPortalOrigin,
  });
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // sendResponse + `true` works in every browser; a returned promise does not everywhere yet.
    void route(message, { url: sender.url }).then(sendResponse);
    return true;
  });
  connection.onStatus((status) => {
    browser.runtime.sendMessage({ kind: "status:changed", status }).catch(() => undefined);
  });
  agentPortItem.watch(() => connection.reconnectNow());
  // In the browser's language, like the content script's button on the page: the background does
  // not carry the pages' whole UI catalogs for one menu entry.
  installAttachMenu(browser, browser.i18n.getMessage("attachMenuTitle"));
  keepBackgroundAwake(browser);
  connection.start();
}
