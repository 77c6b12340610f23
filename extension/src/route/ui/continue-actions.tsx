import { t } from "../../i18n/t.js";

/** The footer of every data step's form: one "Continua" submit button, off while the portal answers. */
export function ContinueActions({ busy }: { readonly busy: boolean }) {
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={busy}>
        {t("routeContinue")}
      </button>
    </div>
  );
}
