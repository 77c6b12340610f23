import { useRef, useState } from "preact/hooks";
import { currentLanguage, t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { checkEmail, checkMobile } from "../wizard.js";
import { focusFirstInvalid, TextField } from "./fields.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { ContinueActions } from "./continue-actions.js";

/** Step 5: the holder's personal email (a PEC is refused, with why) and Italian mobile. */
export function ContactsStep({ deps, view, onView }: StepProps) {
  const [email, setEmail] = useState(view.data.contacts?.email ?? "");
  const [mobile, setMobile] = useState(view.data.contacts?.mobile ?? "");
  const [touched, setTouched] = useState({ email: false, mobile: false });
  const { busy, error, run } = useAction();
  const form = useRef<HTMLFormElement>(null);
  const language = currentLanguage();
  const emailFeedback = touched.email ? checkEmail(email, language) : null;
  const mobileFeedback = touched.mobile ? checkMobile(mobile, language) : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setTouched({ email: true, mobile: true });
    if (checkEmail(email) !== null || checkMobile(mobile) !== null) {
      setTimeout(() => focusFirstInvalid(form.current));
      return;
    }
    void run(async () => onView(await deps.client.setContacts(view.id, { email, mobile })));
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <TextField
        id="email"
        type="email"
        autoComplete="email"
        label={t("routeEmail")}
        help={t("routeEmailHelp")}
        value={email}
        onValue={setEmail}
        onBlur={() => setTouched((was) => ({ ...was, email: true }))}
        error={emailFeedback}
      />
      <TextField
        id="mobile"
        type="tel"
        autoComplete="tel"
        label={t("routeMobile")}
        help={t("routeMobileHelp")}
        value={mobile}
        onValue={setMobile}
        onBlur={() => setTouched((was) => ({ ...was, mobile: true }))}
        error={mobileFeedback}
      />
      <ErrorNotice error={error} />
      <ContinueActions busy={busy} />
    </form>
  );
}
