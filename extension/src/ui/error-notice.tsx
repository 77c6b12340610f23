import { t } from "../i18n/t.js";
import type { CodedMessage } from "./coded-error.js";

/** A failure as the holder sees it: what to do, then the code to quote to the help desk. */
export function ErrorNotice({ error, id }: { error: CodedMessage | null; id?: string }) {
  if (error === null) return null;
  return (
    <p id={id} class="status error" role="alert" data-error-code={error.code}>
      {error.message} <span class="muted">({t("routeErrorCode", error.code)})</span>
    </p>
  );
}
