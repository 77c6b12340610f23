import type { ReceiptHolderBody } from "@cns-bridge/shared";
import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { PortalSummary } from "../portal-client.js";
import { TextField } from "./fields.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";

const asText = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Step 11: everything to check before paying (the portal's own summary), the price and what it
 * includes, the receipt holder (locked once the payment starts), then pagoPA's Checkout.
 */
export function SummaryStep({ deps, view, onView }: StepProps) {
  const [summary, setSummary] = useState<PortalSummary | null>(null);
  const load = useAction();
  const pay = useAction();
  const saved = view.data.receiptHolder;
  const [kind, setKind] = useState<ReceiptHolderBody["kind"]>(saved.kind);
  const [fiscalCode, setFiscalCode] = useState(saved.kind === "altro-soggetto" ? saved.fiscalCode : "");
  const [name, setName] = useState(saved.kind === "altro-soggetto" ? saved.name : "");
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    void load.run(async () => setSummary(await deps.client.summary(view.id)));
    // Loaded once per request: the summary changes only with the data, which this step cannot edit.
  }, [view.id]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!checked) return;
    void pay.run(async () => {
      const holder: ReceiptHolderBody =
        kind === "titolare" ? { kind } : { kind, fiscalCode: fiscalCode.trim(), name: name.trim() };
      if (JSON.stringify(holder) !== JSON.stringify(saved))
        await deps.client.setReceiptHolder(view.id, holder);
      const started = await deps.client.startPayment(view.id);
      const checkout = started.payment?.checkoutUrl;
      if (checkout) deps.openTab(checkout);
      onView(started);
    });
  };

  const lines = (summary?.lines ?? []).map(asText);
  return (
    <form onSubmit={submit} noValidate>
      <p class="status warn">{t("routeSummaryWarning")}</p>
      <h3>{t("routeSummaryTitle")}</h3>
      {summary === null ? (
        <p aria-busy="true">{t("routeBusy")}</p>
      ) : (
        <pre class="summary-lines" data-testid="route-summary">
          {lines.join("\n")}
        </pre>
      )}
      <ErrorNotice error={load.error} />
      {view.price !== null && (
        <div class="price">
          <p>
            <strong data-testid="route-price">{t("routePrice", view.price.formatted)}</strong> (
            {view.price.label})
          </p>
          <p>{t("routeIncludes")}</p>
          <ul>
            {view.price.includes.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>{t("routeReceiptLegend")}</legend>
        {(["titolare", "altro-soggetto"] as const).map((value) => (
          <label key={value} class="inline choice">
            <input
              type="radio"
              name="receipt-holder"
              value={value}
              checked={kind === value}
              onChange={() => setKind(value)}
            />{" "}
            {value === "titolare" ? t("routeReceiptHolder") : t("routeReceiptOther")}
          </label>
        ))}
        {kind === "altro-soggetto" && (
          <>
            <TextField
              id="receipt-fiscal-code"
              label={t("routeReceiptFiscalCode")}
              value={fiscalCode}
              onValue={setFiscalCode}
              maxLength={16}
            />
            <TextField
              id="receipt-name"
              label={t("routeReceiptName")}
              value={name}
              onValue={setName}
              maxLength={140}
            />
          </>
        )}
        <p class="muted help">{t("routeReceiptNote")}</p>
      </fieldset>
      <label class="inline">
        <input
          type="checkbox"
          checked={checked}
          onChange={(event) => setChecked(event.currentTarget.checked)}
        />{" "}
        {t("routeDataChecked")}
      </label>
      <ErrorNotice error={pay.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={pay.busy || !checked}>
          {t("routePayButton")}
        </button>
      </div>
    </form>
  );
}
