import { isTerminal, STATE_LABELS } from "@cns-bridge/shared";
import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { StepProps } from "./route-deps.js";
import { RequestRecap } from "./request-recap.js";
import { useAction } from "./use-action.js";
import { usePoll } from "./use-poll.js";

/**
 * Step 13: where the request stands and what happens next (when and where to pick the device
 * up, or the shipping time), kept up to date from the portal; a closed request can be followed
 * by a new one.
 */
export function StatusStep({ deps, view, onView, onNewRequest }: StepProps & { onNewRequest: () => void }) {
  const closed = isTerminal(view.state);
  usePoll(deps, view, onView);
  const { busy, error, run } = useAction();
  return (
    <>
      <p class={closed ? "status" : "status ok"} role="status" data-testid="route-state">
        {t("routeState", STATE_LABELS[view.state])}
      </p>
      {view.nextSteps.length > 0 && (
        <>
          <h3>{t("routeNextSteps")}</h3>
          <ul data-testid="route-next-steps">
            {view.nextSteps.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {view.payment !== null && <p>{t("routeNotice", view.payment.noticeNumber)}</p>}
      <RequestRecap view={view} />
      {closed && <p>{t("routeClosed")}</p>}
      <ErrorNotice error={error} />
      <div class="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(async () => onView(await deps.client.get(view.id)))}
        >
          {t("routeRefresh")}
        </button>
        {closed && (
          <button type="button" class="primary" onClick={onNewRequest}>
            {t("routeNewRequest")}
          </button>
        )}
      </div>
    </>
  );
}
