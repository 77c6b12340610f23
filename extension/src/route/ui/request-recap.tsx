import type { RequestView } from "@cns-bridge/shared";
import { type MessageKey, t } from "../../i18n/t.js";
import { chamberOf } from "../wizard.js";
import { DEVICE_KEYS } from "./device-step.js";
import type { EditableStep } from "./steps.js";

interface RecapLine {
  readonly label: MessageKey;
  readonly value: string;
  readonly edit: EditableStep | null;
}

/** Who the pagoPA receipt is made out to: the holder, or the company or firm chosen. */
export function receiptHolderText(view: RequestView): string {
  const holder = view.data.receiptHolder;
  if (holder.kind === "altro-soggetto") return `${holder.name} (${holder.fiscalCode})`;
  const name = `${view.holder.givenName} ${view.holder.surname}`.trim();
  return name === "" ? view.holder.codiceFiscale : `${name} (${view.holder.codiceFiscale})`;
}

/** The request's data as the holder gave it, each line with the step that changes it. */
export function recapLines(view: RequestView): RecapLine[] {
  const { data } = view;
  const requester = data.requester;
  const delivery = data.delivery;
  const chamber = chamberOf(view);
  const lines: RecapLine[] = [];
  if (requester !== undefined) {
    lines.push({
      label: "routeRequesterSummary",
      value:
        requester.type === "privato"
          ? `${t("routeRequesterPrivato")} (${t("routeResidenceProvince")}: ${requester.residenceProvince})`
          : `${t("routeRequesterLegale")} (P. IVA ${requester.partitaIva}, REA ${requester.rea}, ${requester.registeredOfficeProvince})`,
      edit: "requester",
    });
  }
  if (chamber !== undefined) lines.push({ label: "routeChamberSummary", value: chamber.name, edit: null });
  if (data.contacts !== undefined) {
    lines.push({
      label: "routeContactsSummary",
      value: `${data.contacts.email}, ${data.contacts.mobile}`,
      edit: "contacts",
    });
  }
  if (data.passphraseSet) {
    lines.push({ label: "routePassphraseSummary", value: t("routePassphraseIsSet"), edit: "passphrase" });
  }
  if (delivery !== undefined) {
    const a = delivery.method === "spedizione" ? delivery.address : null;
    lines.push({
      label: "routeDeliverySummary",
      value:
        a === null
          ? `${t("routeDeliveryPickup")}${chamber === undefined ? "" : `: ${chamber.pickup.address}`}`
          : `${t("routeDeliveryShip")}: ${a.recipient}, ${a.street}, ${a.cap} ${a.comune} (${a.provincia})`,
      edit: "delivery",
    });
  }
  if (data.device !== undefined) {
    lines.push({ label: "routeDeviceSummary", value: t(DEVICE_KEYS[data.device]), edit: "device" });
  }
  if (view.price !== null)
    lines.push({ label: "routePriceSummary", value: view.price.formatted, edit: null });
  return lines;
}

/** The recap as a description list, with a "Modifica" button per line when editing is allowed. */
export function RequestRecap({ view, onEdit }: { view: RequestView; onEdit?: (step: EditableStep) => void }) {
  return (
    <dl class="facts recap">
      {recapLines(view).map((line) => (
        <div key={line.label} class="recap-line">
          <dt>{t(line.label)}</dt>
          <dd>
            {line.value}
            {onEdit !== undefined && line.edit !== null && (
              <>
                {" "}
                <button type="button" class="link" onClick={() => line.edit !== null && onEdit(line.edit)}>
                  {t("routeEdit", t(line.label))}
                </button>
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
