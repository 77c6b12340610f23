import { type CertificateSummary, formatHumanDate } from "@cns-bridge/shared";
import type { AgentStatus } from "../agent/agent-status.js";
import { currentLanguage, t } from "../i18n/t.js";
import { maskCodiceFiscale } from "./format-bytes.js";

/** Days before expiry from which the holder is told to renew (online once, or a new device). */
export const RENEWAL_WARNING_DAYS = 90;

export interface StatusPanelProps {
  readonly status: AgentStatus;
  readonly showCodiceFiscale: boolean;
  readonly onToggleCodiceFiscale: () => void;
  readonly onRetry: () => void;
  readonly onLogout: () => void;
}

/** Agent and token at a glance, with what to do next in each state. */
export function StatusPanel(props: StatusPanelProps) {
  const { status } = props;
  switch (status.kind) {
    case "connecting":
      return (
        <p class="status" role="status">
          {t("statusConnecting")}
        </p>
      );
    case "agent-missing":
      return (
        <div class="status error" role="status">
          <p>
            <strong>{t("statusAgentMissing")}</strong>
          </p>
          <p>{t("statusAgentMissingHelp")}</p>
          <button type="button" onClick={props.onRetry}>
            {t("retry")}
          </button>
        </div>
      );
    case "agent-too-old":
      return (
        <p class="status error" role="status">
          {t("statusAgentTooOld", status.agentVersion)}
        </p>
      );
    case "extension-too-old":
      return (
        <p class="status error" role="status">
          {t("statusExtensionTooOld", status.agentVersion)}
        </p>
      );
    case "no-token":
      return (
        <p class="status warn" role="status">
          {t("statusNoToken")}
        </p>
      );
    case "token-present":
    case "logged-in": {
      // The two certificates name the holder differently (the CNS one often only by codice fiscale).
      const holders = status.token.certificates.map((certificate) => certificate.holder);
      const holder = holders.find((candidate) => candidate.givenName !== null || candidate.surname !== null);
      const codiceFiscale =
        holders.find((candidate) => candidate.codiceFiscale !== null)?.codiceFiscale ?? null;
      return (
        <div>
          <div class="status ok" role="status">
            <p>
              <strong>
                {[holder?.givenName, holder?.surname].filter(Boolean).join(" ") || status.token.label}
              </strong>
            </p>
            {codiceFiscale !== null && (
              <p>
                {t("codiceFiscale")}:{" "}
                <span class="hash" data-testid="codice-fiscale">
                  {props.showCodiceFiscale ? codiceFiscale : maskCodiceFiscale(codiceFiscale)}
                </span>{" "}
                <button
                  type="button"
                  onClick={props.onToggleCodiceFiscale}
                  aria-pressed={props.showCodiceFiscale}
                >
                  {props.showCodiceFiscale ? t("hide") : t("show")}
                </button>
              </p>
            )}
            <p>
              {status.kind === "logged-in" ? t("statusLoggedIn") : t("statusTokenPresent")}{" "}
              {status.kind === "logged-in" && (
                <button type="button" onClick={props.onLogout}>
                  {t("logout")}
                </button>
              )}
            </p>
          </div>
          <h2>{t("certificates")}</h2>
          <ul>
            {status.token.certificates.map((certificate) => (
              <CertificateLine key={certificate.id + certificate.usage} certificate={certificate} />
            ))}
          </ul>
        </div>
      );
    }
  }
}

function CertificateLine({ certificate }: { certificate: CertificateSummary }) {
  const expiry = formatHumanDate(certificate.notAfter, currentLanguage());
  const usage =
    certificate.usage === "authentication"
      ? t("usageAuthentication")
      : certificate.usage === "signature"
        ? t("usageSignature")
        : t("usageUnknown");
  const days = certificate.daysToExpiry;
  return (
    <li>
      <strong>{usage}</strong>: {t("expiresOn", expiry)}
      {days < 0 ? (
        <p class="status error">{t("certificateExpired")}</p>
      ) : days <= RENEWAL_WARNING_DAYS ? (
        <p class="status warn" data-testid="renewal-warning">
          {t("renewalWarning", days)}
        </p>
      ) : null}
    </li>
  );
}
