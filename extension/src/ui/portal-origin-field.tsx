import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { CnsBridgeError } from "@cns-bridge/shared";
import { t } from "../i18n/t.js";
import { parsePortalOrigin } from "../route/portal-origin.js";
import { portalOriginItem } from "../storage-items.js";
import { type CodedMessage, codedMessage } from "./coded-error.js";
import { ErrorNotice } from "./error-notice.js";

/**
 * The request portal's address for the "Richiedi nuovo dispositivo" wizard: validated, and for a
 * portal outside this computer the browser's permission to reach it is asked on save.
 */
export function PortalOriginField({ onSaved }: { onSaved: () => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<CodedMessage | null>(null);
  useEffect(() => void portalOriginItem.getValue().then(setValue), []);

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const origin = parsePortalOrigin(value);
      const origins = [`${origin}/*`];
      if (!(await browser.permissions.contains({ origins }))) {
        if (!(await browser.permissions.request({ origins }))) {
          throw new CnsBridgeError("PORTAL_PERMISSION_MISSING", { origin });
        }
      }
      await portalOriginItem.setValue(origin);
      setValue(origin);
      onSaved();
    } catch (failure) {
      setError(codedMessage(failure));
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <label for="portal-origin">{t("optionsPortalOrigin")}</label>
      <input
        id="portal-origin"
        type="url"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error === null ? "portal-origin-help" : "portal-origin-help portal-origin-error"}
        onInput={(event) => setValue(event.currentTarget.value)}
      />{" "}
      <button type="submit">{t("save")}</button>
      <p id="portal-origin-help" class="muted">
        {t("optionsPortalOriginHelp")}
      </p>
      <ErrorNotice id="portal-origin-error" error={error} />
    </form>
  );
}
