import { t } from "../../i18n/t.js";
import type { CodedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { PortalHolder } from "../portal-client.js";
import type { RouteDeps } from "./route-deps.js";
import { useAction } from "./use-action.js";

/**
 * Step 2: login to the portal with the CNS. The portal's challenge goes to the background, which
 * opens the PIN window (showing the portal's origin) and answers the auth token bound to it.
 */
export function AuthenticateStep({
  deps,
  onLoggedIn,
  notice = null,
}: {
  deps: RouteDeps;
  onLoggedIn: (holder: PortalHolder) => void;
  /** Why the holder is asked to log in again (the portal's session ended mid-route). */
  notice?: CodedMessage | null;
}) {
  const { busy, error, run } = useAction();
  const login = () =>
    run(async () => {
      const challenge = await deps.client.challenge();
      const token = await deps.ask<unknown>({
        kind: "portal:authenticate",
        origin: deps.client.origin,
        nonce: challenge.nonce,
      });
      onLoggedIn(await deps.client.login(token, challenge.challengeId));
    });
  return (
    <>
      <p>{t("routeAuthHelp")}</p>
      <ErrorNotice error={error ?? notice} />
      {busy && <p role="status">{t("routeAuthWaiting")}</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void login()}>
          {t("routeAuthButton")}
        </button>
      </div>
    </>
  );
}
