import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { AgentStatus } from "../agent/agent-status.js";
import { t } from "../i18n/t.js";
import { showCodiceFiscaleItem } from "../storage-items.js";
import { askBackground } from "./background-client.js";
import { RenewalOffer } from "./renewal-offer.js";
import { StatusPanel } from "./status-panel.js";
import { useAgentStatus } from "./use-agent-status.js";

export function PopupPage() {
  const status = useAgentStatus();
  const [showCodiceFiscale, setShowCodiceFiscale] = useState(false);
  useEffect(() => void showCodiceFiscaleItem.getValue().then(setShowCodiceFiscale), []);
  type Page = "/sign.html" | "/route.html" | "/diagnostics.html" | "/options.html";
  const openPage = (path: Page) => void browser.tabs.create({ url: browser.runtime.getURL(path) });
  const open = (path: Page) => (event: Event) => {
    event.preventDefault();
    openPage(path);
  };
  return (
    <main class="popup">
      <h1>{t("extensionName")}</h1>
      <StatusPanel
        status={status}
        showCodiceFiscale={showCodiceFiscale}
        onToggleCodiceFiscale={() => {
          setShowCodiceFiscale(!showCodiceFiscale);
          void showCodiceFiscaleItem.setValue(!showCodiceFiscale);
        }}
        onRetry={() => void askBackground({ kind: "status:reconnect" })}
        onLogout={() => void askBackground<AgentStatus>({ kind: "token:logout" })}
      />
      <RenewalOffer status={status} onNewDevice={() => openPage("/route.html")} />
      <nav aria-label={t("navigation")}>
        <ul>
          <li>
            <a href="/sign.html" onClick={open("/sign.html")}>
              {t("signDocumentsTitle")}
            </a>
          </li>
          <li>
            <a href="/route.html" onClick={open("/route.html")}>
              {t("popupNewDevice")}
            </a>
          </li>
          <li>
            <a href="/diagnostics.html" onClick={open("/diagnostics.html")}>
              {t("diagnosticsTitle")}
            </a>
          </li>
          <li>
            <a href="/options.html" onClick={open("/options.html")}>
              {t("optionsTitle")}
            </a>
          </li>
        </ul>
      </nav>
    </main>
  );
}
