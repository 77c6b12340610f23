import {
  CnsBridgeError,
  type DeviceType,
  formatEuro,
  type PriceQuote,
  quotePrice,
  type RequestView,
} from "@cns-bridge/shared";
import { useState } from "preact/hooks";
import { currentLanguage, type MessageKey, t } from "../../i18n/t.js";
import { codedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { chamberOf, checkDevice, deviceChoices } from "../wizard.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { ContinueActions } from "./continue-actions.js";

export const DEVICE_KEYS: Record<DeviceType, MessageKey> = {
  "smart-card": "routeDeviceSmartCard",
  token: "routeDeviceToken",
};

/** The price of a device for this request's requester, or null when the data is not there yet. */
function quoteOf(view: RequestView, device: DeviceType): PriceQuote | null {
  const chamber = chamberOf(view);
  const requester = view.data.requester;
  if (chamber === undefined || requester === undefined) return null;
  try {
    return quotePrice(chamber, device, {
      type: requester.type,
      firstForCompany: requester.type === "legale-rappresentante" && requester.firstForCompany,
    });
  } catch {
    return null;
  }
}

/** Step 8: the devices this Chamber issues on the route (Torino: the token only), with prices. */
export function DeviceStep({ deps, view, onView }: StepProps) {
  const choices = deviceChoices(view);
  const [device, setDevice] = useState<DeviceType | null>(
    view.data.device ?? (choices.length === 1 ? (choices[0] ?? null) : null),
  );
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, run } = useAction();
  const chamber = chamberOf(view);
  const feedback =
    device !== null
      ? checkDevice(view, device, currentLanguage())
      : submitted
        ? codedMessage(
            new CnsBridgeError("ROUTE_INPUT_INVALID", {
              field: t("routeDeviceSummary"),
              detail: t("routeChooseDevice"),
            }),
          )
        : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (device === null || checkDevice(view, device) !== null) {
      document.getElementById(`device-${choices[0] ?? "token"}`)?.focus();
      return;
    }
    void run(async () => onView(await deps.client.setDevice(view.id, { device })));
  };

  return (
    <form onSubmit={submit} noValidate>
      <fieldset aria-invalid={submitted && device === null ? true : undefined}>
        <legend>{t("routeDeviceLegend")}</legend>
        {choices.map((choice) => {
          const quote = quoteOf(view, choice);
          return (
            <div key={choice} class="choice">
              <label>
                <input
                  id={`device-${choice}`}
                  type="radio"
                  name="device"
                  value={choice}
                  checked={device === choice}
                  onChange={() => setDevice(choice)}
                />{" "}
                {t(DEVICE_KEYS[choice])}
                {quote !== null && (
                  <span class="muted"> — {t("routeDevicePrice", formatEuro(quote.amountCents))}</span>
                )}
              </label>
              {quote?.deskOnlyReductions.map((reduction) => (
                <p key={reduction.label} class="muted help">
                  {t("routeDeskOnly", reduction.label, formatEuro(reduction.amountCents))}
                </p>
              ))}
            </div>
          );
        })}
      </fieldset>
      {chamber !== undefined && choices.length === 1 && (
        <p class="muted">
          {t("routeDeviceOnly", chamber.name, choices.map((choice) => t(DEVICE_KEYS[choice])).join(", "))}
        </p>
      )}
      <ErrorNotice error={feedback} />
      <ErrorNotice error={error} />
      <ContinueActions busy={busy} />
    </form>
  );
}
