import { type PassphraseRule, passphraseProblems, passphraseStrength } from "@cns-bridge/shared";
import { useRef, useState } from "preact/hooks";
import { currentLanguage, type MessageKey, t } from "../../i18n/t.js";
import { ErrorNotice } from "../../ui/error-notice.js";
import { checkPassphrase } from "../wizard.js";
import { focusFirstInvalid, TextField } from "./fields.js";
import type { StepProps } from "./route-deps.js";
import { useAction } from "./use-action.js";
import { ContinueActions } from "./continue-actions.js";

const RULES: readonly [PassphraseRule, MessageKey][] = [
  ["length", "routeRuleLength"],
  ["lowercase", "routeRuleLowercase"],
  ["uppercase", "routeRuleUppercase"],
  ["digit", "routeRuleDigit"],
];

const STRENGTH: readonly MessageKey[] = [
  "routeStrength0",
  "routeStrength1",
  "routeStrength2",
  "routeStrength3",
  "routeStrength4",
];

/**
 * Step 6: the passphrase that will open the PDF with the new PIN and PUK. It lives only in this
 * component's state until it is sent to the portal (which keeps a salted hash), then is dropped.
 */
export function PassphraseStep({ deps, view, onView }: StepProps) {
  const [passphrase, setPassphrase] = useState("");
  const [repeated, setRepeated] = useState("");
  const [show, setShow] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [repeatTouched, setRepeatTouched] = useState(false);
  const { busy, error, run } = useAction();
  const form = useRef<HTMLFormElement>(null);
  const missing = new Set(passphraseProblems(passphrase));
  const strength = passphraseStrength(passphrase);
  const feedback = checkPassphrase(passphrase, repeated, currentLanguage());
  const mainError = submitted && feedback?.code === "ROUTE_PASSPHRASE_WEAK" ? feedback : null;
  const repeatError =
    (submitted || repeatTouched) && feedback?.code === "ROUTE_PASSPHRASE_MISMATCH" ? feedback : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (checkPassphrase(passphrase, repeated) !== null) {
      setTimeout(() => focusFirstInvalid(form.current));
      return;
    }
    void run(async () => {
      const next = await deps.client.setPassphrase(view.id, passphrase);
      setPassphrase("");
      setRepeated("");
      onView(next);
    });
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <p>{t("routePassphraseHelp")}</p>
      <TextField
        id="passphrase"
        type={show ? "text" : "password"}
        autoComplete="new-password"
        label={t("routePassphrase")}
        value={passphrase}
        onValue={setPassphrase}
        error={mainError}
      />
      <p id="passphrase-rules-title" class="help">
        {t("routeRules")}
      </p>
      <ul class="rules" aria-labelledby="passphrase-rules-title" aria-live="polite">
        {RULES.map(([rule, key]) => (
          <li key={rule} class={missing.has(rule) ? "rule missing" : "rule met"}>
            <span aria-hidden="true">{missing.has(rule) ? "✗" : "✓"}</span> {t(key)}{" "}
            <span class="visually-hidden">
              ({missing.has(rule) ? t("routeRuleMissing") : t("routeRuleMet")})
            </span>
          </li>
        ))}
      </ul>
      <p class="strength">
        <label for="passphrase-strength" class="inline">
          {t("routeStrength")}: <strong>{t(STRENGTH[strength.score] ?? "routeStrength0")}</strong>
        </label>{" "}
        <meter id="passphrase-strength" min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
      </p>
      <TextField
        id="passphrase-repeat"
        type={show ? "text" : "password"}
        autoComplete="new-password"
        label={t("routePassphraseRepeat")}
        value={repeated}
        onValue={setRepeated}
        onBlur={() => setRepeatTouched(true)}
        error={repeatError}
      />
      <label class="inline">
        <input type="checkbox" checked={show} onChange={(event) => setShow(event.currentTarget.checked)} />{" "}
        {t("routePassphraseShow")}
      </label>
      <ErrorNotice error={error} />
      <ContinueActions busy={busy} />
    </form>
  );
}
