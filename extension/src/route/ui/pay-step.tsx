import { useState } from "preact/hooks";
import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { receiptHolderText } from "./request-recap.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { usePoll } from "./use-poll.js";

/**
 * Step 12: the payment is under way on pagoPA. Checkout can be reopened, or a new cart started
 * for the same notice (never a second notice: never two payments); the step waits for the receipt.
 */
export function PayStep({ deps, view, onView }: StepProps) {
  usePoll(deps, view, onView);
  const { busy, error, run } = useAction();
  const [opened, setOpened] = useState(false);
  const notices = useAction();
  const payment = view.payment;
  const checkout = payment?.checkoutUrl ?? null;

  const retry = () =>
    run(async () => {
      const started = await deps.client.startPayment(view.id);
      const url = started.payment?.checkoutUrl;
      if (url) {
        deps.openTab(url);
        setOpened(true);
      }
      onView(started);
    });

  const downloadNotice = () =>
    notices.run(async () => {
      const bytes = await deps.client.downloadNotice(view.id);
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/pdf" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `avviso-${payment?.noticeNumber ?? view.id}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });

  return (
    <>
      <p>{t("routePayHelp")}</p>
      {view.price !== null && (
        <p>
          <strong>{t("routePrice", view.price.formatted)}</strong>
        </p>
      )}
      {payment !== null && <p data-testid="route-notice">{t("routeNotice", payment.noticeNumber)}</p>}
      <p data-testid="route-receipt-holder">{t("routeReceiptIs", receiptHolderText(view))}</p>
      <p class="muted">{t("routeNoticeHelp")}</p>
      <p role="status" aria-live="polite">
        {opened ? t("routeCheckoutOpened") : t("routeWaitingReceipt")}
      </p>
      <ErrorNotice error={error} />
      <ErrorNotice error={notices.error} />
      <div class="actions">
        <button type="button" disabled={notices.busy} onClick={() => void downloadNotice()}>
          {t("routeDownloadNotice")}
        </button>
        <button type="button" disabled={busy} onClick={() => void retry()}>
          {t("routeRetryPayment")}
        </button>
        {checkout !== null && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => {
              deps.openTab(checkout);
              setOpened(true);
            }}
          >
            {t("routeOpenCheckout")}
          </button>
        )}
      </div>
    </>
  );
}
