import type { DeliveryBody } from "@cns-bridge/shared";
import { useRef, useState } from "preact/hooks";
import { currentLanguage, t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { chamberOf, checkDelivery, type Feedback } from "../wizard.js";
import { focusFirstInvalid, ProvinceSelect, TextField } from "./fields.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { ContinueActions } from "./continue-actions.js";

type Address = Extract<DeliveryBody, { method: "spedizione" }>["address"];
const EMPTY: Address = { country: "IT", recipient: "", street: "", cap: "", comune: "", provincia: "" };
/** Any country but Italy: the value only needs to say "abroad", which is refused. */
const ABROAD = "ZZ";

/** Field an address error belongs to, from the rule's `field` parameter or its code. */
function fieldOf(feedback: Feedback): keyof Address | null {
  if (feedback.code === "ROUTE_ADDRESS_ABROAD") return "country";
  if (feedback.code === "ROUTE_PROVINCE_UNKNOWN") return "provincia";
  const field = feedback.params.field;
  return typeof field === "string" && field in EMPTY ? (field as keyof Address) : null;
}

/**
 * Step 7: pick-up in person at the Chamber (from its n-th working day) or registered mail to an
 * Italian address, only where the Chamber ships.
 */
export function DeliveryStep({ deps, view, onView }: StepProps) {
  const chamber = chamberOf(view);
  const saved = view.data.delivery;
  const [method, setMethod] = useState<DeliveryBody["method"]>(saved?.method ?? "sportello");
  const [address, setAddress] = useState<Address>(saved?.method === "spedizione" ? saved.address : EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, run } = useAction();
  const form = useRef<HTMLFormElement>(null);
  const body: DeliveryBody = method === "sportello" ? { method } : { method, address };
  const abroad = method === "spedizione" && address.country !== "IT";
  const feedback = submitted || abroad ? checkDelivery(view, body, currentLanguage()) : null;
  const field = feedback === null ? null : fieldOf(feedback);
  const errorFor = (name: keyof Address) => (field === name ? feedback : null);
  const set = (name: keyof Address) => (value: string) => setAddress((was) => ({ ...was, [name]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (checkDelivery(view, body) !== null) {
      setTimeout(() => focusFirstInvalid(form.current));
      return;
    }
    void run(async () => onView(await deps.client.setDelivery(view.id, body)));
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("routeDeliveryLegend")}</legend>
        <div class="choice">
          <label>
            <input
              type="radio"
              name="delivery"
              value="sportello"
              checked={method === "sportello"}
              onChange={() => setMethod("sportello")}
            />{" "}
            {t("routeDeliveryPickup")}
          </label>
          {chamber !== undefined && (
            <p class="muted help">
              {t("routeDeliveryPickupHelp", chamber.pickup.fromWorkingDay, chamber.pickup.address)}
            </p>
          )}
        </div>
        <div class="choice">
          <label>
            <input
              type="radio"
              name="delivery"
              value="spedizione"
              checked={method === "spedizione"}
              disabled={chamber?.shipping.available === false}
              onChange={() => setMethod("spedizione")}
            />{" "}
            {t("routeDeliveryShip")}
          </label>
          {chamber !== undefined && (
            <p class="muted help">
              {chamber.shipping.available
                ? t("routeDeliveryShipHelp", chamber.shipping.workingDays)
                : t("routeDeliveryNoShipping", chamber.name)}
            </p>
          )}
        </div>
      </fieldset>
      {method === "spedizione" && (
        <fieldset>
          <legend>{t("routeDeliveryShip")}</legend>
          <div class="field">
            <label for="country">{t("routeCountry")}</label>
            <select
              id="country"
              value={address.country === "IT" ? "IT" : ABROAD}
              aria-invalid={errorFor("country") ? true : undefined}
              aria-describedby={errorFor("country") ? "country-error" : undefined}
              onChange={(event) => set("country")(event.currentTarget.value)}
            >
              <option value="IT">{t("routeCountryItaly")}</option>
              <option value={ABROAD}>{t("routeCountryAbroad")}</option>
            </select>
            <ErrorNotice id="country-error" error={errorFor("country")} />
          </div>
          <TextField
            id="recipient"
            autoComplete="name"
            label={t("routeRecipient")}
            value={address.recipient}
            onValue={set("recipient")}
            maxLength={120}
            error={errorFor("recipient")}
          />
          <TextField
            id="street"
            autoComplete="street-address"
            label={t("routeStreet")}
            value={address.street}
            onValue={set("street")}
            maxLength={120}
            error={errorFor("street")}
          />
          <TextField
            id="cap"
            autoComplete="postal-code"
            inputMode="numeric"
            label={t("routeCap")}
            value={address.cap}
            onValue={set("cap")}
            maxLength={5}
            error={errorFor("cap")}
          />
          <TextField
            id="comune"
            autoComplete="address-level2"
            label={t("routeComune")}
            value={address.comune}
            onValue={set("comune")}
            maxLength={120}
            error={errorFor("comune")}
          />
          <ProvinceSelect
            id="provincia"
            label={t("routeProvincia")}
            value={address.provincia}
            onValue={set("provincia")}
            error={errorFor("provincia")}
          />
        </fieldset>
      )}
      {feedback !== null && field === null && <ErrorNotice error={feedback} />}
      <ErrorNotice error={error} />
      <ContinueActions busy={busy} />
    </form>
  );
}
