import { isPageApiAction } from "@cns-bridge/shared/page-api/actions";
import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { type AttachReply, isFileInput, signAndAttach } from "../src/attach/attach-to-input.js";

/**
 * Runs in every page, so it stays tiny and trusts nothing: it relays page API requests (checked
 * only for their action name here, validated in the background) and answers on the page's own
 * origin; and it runs sign-and-attach on the file input the holder chose.
 */
export default defineContentScript({
  matches: ["https://*/*", "http://localhost/*", "http://127.0.0.1/*"],
  allFrames: true,
  runAt: "document_start",
  main() {
    window.addEventListener("message", (event) => {
      if (event.source !== window || typeof event.data !== "object" || event.data === null) return;
      if (!isPageApiAction((event.data as { action?: unknown }).action)) return;
      browser.runtime
        .sendMessage({ kind: "page-api", request: event.data })
        .then((reply: unknown) => window.postMessage(reply, window.location.origin))
        .catch(() => undefined);
    });

    let lastTarget: EventTarget | null = null;
    document.addEventListener("contextmenu", (event) => (lastTarget = event.target), true);
    const notice = (text: string) => window.alert(`cns-bridge: ${text}`);
    const attach = (input: HTMLInputElement) =>
      signAndAttach(
        input,
        (message) => browser.runtime.sendMessage(message) as Promise<AttachReply>,
        browser.i18n.getMessage("attachNoFile"),
      ).then((problem) => problem !== null && notice(problem));

    browser.runtime.onMessage.addListener((message: unknown) => {
      if ((message as { kind?: unknown } | null)?.kind !== "attach:start") return;
      const target = lastTarget instanceof HTMLLabelElement ? lastTarget.control : lastTarget;
      if (isFileInput(target)) void attach(target);
      else notice(browser.i18n.getMessage("attachNotAFileInput"));
    });

    void browser.storage.local.get("attachButton").then((stored) => {
      if (stored.attachButton !== true) return;
      document.addEventListener("focusin", (event) => {
        const input = event.target;
        if (!isFileInput(input) || input.nextElementSibling?.hasAttribute("data-cns-bridge-attach")) return;
        const button = document.createElement("button");
        button.type = "button";
        button.setAttribute("data-cns-bridge-attach", "");
        button.textContent = browser.i18n.getMessage("attachButton");
        // Only a real click by the holder starts it; a page script cannot press it for them.
        button.addEventListener("click", (click) => click.isTrusted && void attach(input));
        input.after(button);
      });
    });
  },
});
