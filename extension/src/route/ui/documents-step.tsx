import { t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import type { StepProps } from "./route-deps.js";
import { RequestRecap } from "./request-recap.js";
import type { EditableStep } from "./steps.js";
import { useAction } from "./use-action.js";

/** Step 9: the data in one place, each line editable, then the portal prepares the documents. */
export function DocumentsStep({
  deps,
  view,
  onView,
  onEdit,
}: StepProps & { onEdit: (step: EditableStep) => void }) {
  const { busy, error, run } = useAction();
  return (
    <>
      <p>{t("routeDocumentsHelp")}</p>
      <h3>{t("routeYourData")}</h3>
      <RequestRecap view={view} onEdit={onEdit} />
      <ErrorNotice error={error} />
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(async () => onView(await deps.client.generateDocuments(view.id)))}
        >
          {t("routeGenerate")}
        </button>
      </div>
    </>
  );
}
