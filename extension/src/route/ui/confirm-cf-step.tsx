import type { RequestView } from "@cns-bridge/shared";
import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { PortalHolder } from "../portal-client.js";
import type { RouteDeps } from "./route-deps.js";
import { useAction } from "./use-action.js";

/**
 * Step 3: the codice fiscale the portal read from the certificate, to be confirmed by the holder;
 * confirming opens the request (or resumes the open one: one per holder).
 */
export function ConfirmCfStep({
  deps,
  holder,
  onConfirmed,
  onLogout,
}: {
  deps: RouteDeps;
  holder: PortalHolder;
  onConfirmed: (view: RequestView) => void;
  onLogout: () => void;
}) {
  const { busy, error, run } = useAction();
  const name = `${holder.givenName} ${holder.surname}`.trim();
  return (
    <>
      <p>{t("routeCfHelp")}</p>
      <dl class="facts">
        {name !== "" && (
          <>
            <dt>{t("routeHolder")}</dt>
            <dd>{name}</dd>
          </>
        )}
        <dt>{t("codiceFiscale")}</dt>
        <dd class="cf" data-testid="route-codice-fiscale">
          {holder.codiceFiscale}
        </dd>
      </dl>
      <p class="muted">{t("routeCfNotMe")}</p>
      <ErrorNotice error={error} />
      <div class="actions">
        <button type="button" disabled={busy} onClick={onLogout}>
          {t("routeLogout")}
        </button>
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(async () => onConfirmed(await deps.client.openRequest()))}
        >
          {t("routeCfConfirm")}
        </button>
      </div>
    </>
  );
}
