import { type RequesterBody, resolveReferenceChamber } from "@cns-bridge/shared";
import { useRef, useState } from "preact/hooks";
import { currentLanguage, t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { checkRequester } from "../wizard.js";
import { focusFirstInvalid, ProvinceSelect, TextField } from "./fields.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { ContinueActions } from "./continue-actions.js";

type RequesterType = RequesterBody["type"];

/** Step 4: privato (Chamber of residence) or legale rappresentante (Chamber of the registered office). */
export function RequesterStep({ deps, view, onView }: StepProps) {
  const current = view.data.requester;
  const [type, setType] = useState<RequesterType>(current?.type ?? "privato");
  const [residence, setResidence] = useState(current?.type === "privato" ? current.residenceProvince : "");
  const [partitaIva, setPartitaIva] = useState(
    current?.type === "legale-rappresentante" ? current.partitaIva : "",
  );
  const [rea, setRea] = useState(current?.type === "legale-rappresentante" ? current.rea : "");
  const [office, setOffice] = useState(
    current?.type === "legale-rappresentante" ? current.registeredOfficeProvince : "",
  );
  const [first, setFirst] = useState(current?.type === "legale-rappresentante" && current.firstForCompany);
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, run } = useAction();
  const form = useRef<HTMLFormElement>(null);

  const body: RequesterBody =
    type === "privato"
      ? { type, residenceProvince: residence }
      : { type, partitaIva, rea, registeredOfficeProvince: office, firstForCompany: first };
  const filled = type === "privato" ? residence !== "" : partitaIva !== "" && rea !== "" && office !== "";
  const feedback = submitted || filled ? checkRequester(body, currentLanguage()) : null;
  const chamber = feedback === null && filled ? resolveReferenceChamber(body).chamber : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (checkRequester(body) !== null) {
      setTimeout(() => focusFirstInvalid(form.current));
      return;
    }
    void run(async () => onView(await deps.client.setRequester(view.id, body)));
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("routeRequesterLegend")}</legend>
        {(["privato", "legale-rappresentante"] as const).map((value) => (
          <div key={value} class="choice">
            <label>
              <input
                type="radio"
                name="requester-type"
                value={value}
                checked={type === value}
                onChange={() => setType(value)}
              />{" "}
              {value === "privato" ? t("routeRequesterPrivato") : t("routeRequesterLegale")}
            </label>
            <p class="muted help">
              {value === "privato" ? t("routeRequesterPrivatoHelp") : t("routeRequesterLegaleHelp")}
            </p>
          </div>
        ))}
      </fieldset>
      {type === "privato" ? (
        <ProvinceSelect
          id="residence-province"
          label={t("routeResidenceProvince")}
          value={residence}
          onValue={setResidence}
          error={feedback}
        />
      ) : (
        <>
          <TextField
            id="partita-iva"
            label={t("routePartitaIva")}
            value={partitaIva}
            onValue={setPartitaIva}
            inputMode="numeric"
            maxLength={16}
            error={feedback?.code === "ROUTE_PARTITA_IVA_INVALID" ? feedback : null}
          />
          <TextField
            id="rea"
            label={t("routeRea")}
            value={rea}
            onValue={setRea}
            maxLength={16}
            error={feedback?.code.startsWith("ROUTE_REA_") === true ? feedback : null}
          />
          <ProvinceSelect
            id="office-province"
            label={t("routeOfficeProvince")}
            value={office}
            onValue={setOffice}
            error={
              feedback !== null &&
              feedback.code !== "ROUTE_PARTITA_IVA_INVALID" &&
              !feedback.code.startsWith("ROUTE_REA_")
                ? feedback
                : null
            }
          />
          <label class="inline">
            <input
              type="checkbox"
              checked={first}
              onChange={(event) => setFirst(event.currentTarget.checked)}
            />{" "}
            {t("routeFirstForCompany")}
          </label>
        </>
      )}
      {chamber !== null && (
        <p class="status ok" role="status">
          {t("routeChamberIs", chamber.name)}
        </p>
      )}
      <ErrorNotice error={error} />
      <ContinueActions busy={busy} />
    </form>
  );
}
