import type { AgentStatus } from "../agent/agent-status.js";
import { tokenOf } from "../agent/agent-status.js";
import { t } from "../i18n/t.js";
import { RENEWAL_WARNING_DAYS } from "./status-panel.js";

/** True when a certificate of the CNS expires within the renewal window (and has not expired yet). */
export function inRenewalWindow(status: AgentStatus): boolean {
  const token = tokenOf(status);
  return (
    token?.certificates.some((c) => c.daysToExpiry >= 0 && c.daysToExpiry <= RENEWAL_WARNING_DAYS) ?? false
  );
}

/**
 * Inside the 90-day window the popup lays out the two ways forward: renew the certificates
 * online (once) or request a new device through the route wizard.
 */
export function RenewalOffer({ status, onNewDevice }: { status: AgentStatus; onNewDevice: () => void }) {
  if (!inRenewalWindow(status)) return null;
  return (
    <section class="status warn" aria-labelledby="renewal-offer-title" data-testid="renewal-offer">
      <h2 id="renewal-offer-title">{t("popupRenewalTitle")}</h2>
      <p>{t("popupRenewalChoice")}</p>
      <button type="button" class="primary" onClick={onNewDevice}>
        {t("popupNewDevice")}
      </button>
    </section>
  );
}
