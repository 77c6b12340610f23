import { CnsBridgeError } from "@cns-bridge/shared";
import { useEffect, useMemo, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { t } from "../../i18n/t.js";
import { askBackground } from "../../ui/background-client.js";
import { type CodedMessage, codedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { useAgentStatus } from "../../ui/use-agent-status.js";
import { configuredPortalOrigin, lastRouteRequestItem } from "../../storage-items.js";
import { createPortalClient } from "../portal-client.js";
import type { RouteDeps } from "./route-deps.js";
import { RouteWizard } from "./route-wizard.js";
import "./route.css";

const POLL_MS = 3000;

/** The portal the holder configured, once its origin is valid and the browser lets us reach it. */
function usePortalOrigin(): { origin: string | null; error: CodedMessage | null } {
  const [state, setState] = useState<{ origin: string | null; error: CodedMessage | null }>({
    origin: null,
    error: null,
  });
  useEffect(() => {
    void (async () => {
      try {
        const origin = await configuredPortalOrigin();
        if (!(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
          throw new CnsBridgeError("PORTAL_PERMISSION_MISSING", { origin });
        }
        setState({ origin, error: null });
      } catch (error) {
        setState({ origin: null, error: codedMessage(error) });
      }
    })();
  }, []);
  return state;
}

/** The extension page: wires the wizard to the real portal, background, tabs and storage. */
export function RoutePage() {
  const status = useAgentStatus();
  const { origin, error } = usePortalOrigin();
  const deps = useMemo<RouteDeps | null>(
    () =>
      origin === null
        ? null
        : {
            client: createPortalClient(origin, (input, init) => fetch(input, init)),
            ask: askBackground,
            openTab: (url) => void browser.tabs.create({ url }),
            reconnect: () => void askBackground({ kind: "status:reconnect" }).catch(() => undefined),
            digest: async (bytes) =>
              new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)),
            lastRequest: {
              get: () => lastRouteRequestItem.getValue(),
              set: (id) => lastRouteRequestItem.setValue(id),
            },
            pollMs: POLL_MS,
          },
    [origin],
  );
  if (deps !== null) return <RouteWizard deps={deps} status={status} />;
  return (
    <main class="route" data-route-state={error === null ? "caricamento" : "errore"}>
      <h1>{t("routeTitle")}</h1>
      {error === null ? (
        <p aria-busy="true">{t("routeLoading")}</p>
      ) : (
        <>
          <ErrorNotice error={error} />
          <p>
            <a href={browser.runtime.getURL("/options.html")} target="_blank" rel="noreferrer">
              {t("routeOpenOptions")}
            </a>
          </p>
        </>
      )}
    </main>
  );
}
