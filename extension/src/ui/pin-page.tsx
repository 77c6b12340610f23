import type { CnsBridgeError, PinFlags } from "@cns-bridge/shared";
import { useEffect, useRef, useState } from "preact/hooks";
import type { PinAttempt } from "../background/pin-flow.js";
import type { PinDialogRequest } from "../dialogs/dialog-requests.js";
import { t, type MessageKey } from "../i18n/t.js";
import { askBackground } from "./background-client.js";

const REASONS: Record<PinDialogRequest["reason"], MessageKey> = {
  authenticate: "pinReasonAuthenticate",
  sign: "pinReasonSign",
  certificate: "pinReasonCertificate",
  login: "pinReasonLogin",
};

/** What the card's flags say about the tries left, most serious first. */
export function triesLeftNotice(flags: PinFlags): { key: MessageKey; level: "error" | "warn" } | null {
  if (flags.userPinLocked) return { key: "pinLocked", level: "error" };
  if (flags.userPinFinalTry) return { key: "pinFinalTry", level: "error" };
  if (flags.userPinCountLow) return { key: "pinCountLow", level: "warn" };
  return null;
}

/**
 * The only place a PIN is typed: an extension window showing who asks and why. Each submit is one
 * attempt; after a wrong PIN the field is emptied and nothing is sent again until the holder types.
 */
export function PinPage({ dialogId }: { dialogId: string }) {
  const [request, setRequest] = useState<PinDialogRequest | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    askBackground<PinDialogRequest | null>({ kind: "dialog:get", id: dialogId }).then(
      (value) => setRequest(value?.kind === "pin" ? value : null),
      () => setRequest(null),
    );
  }, [dialogId]);

  const cancel = () =>
    void askBackground({ kind: "dialog:refuse", id: dialogId }).finally(() => window.close());

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && cancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (request === undefined) return <main aria-busy="true" />;
  if (request === null)
    return (
      <main>
        <p role="alert">{t("dialogExpired")}</p>
      </main>
    );

  const notice = triesLeftNotice(request.pinFlags);
  const locked = request.pinFlags.userPinLocked;

  const submit = async (event: Event) => {
    event.preventDefault();
    const input = field.current;
    if (input === null || busy) return;
    const pin = input.value;
    input.value = "";
    setBusy(true);
    setError(null);
    try {
      const attempt = await askBackground<PinAttempt>({ kind: "pin:submit", id: dialogId, pin });
      if (attempt.ok) {
        window.close();
        return;
      }
      setError(attempt.error.message);
      if (attempt.pinFlags !== null) setRequest({ ...request, pinFlags: attempt.pinFlags });
    } catch (failure) {
      setError((failure as CnsBridgeError).message);
    } finally {
      setBusy(false);
      field.current?.focus();
    }
  };

  return (
    <main>
      <h1>{t("pinTitle")}</h1>
      <p>
        {request.origin === "extension" ? t("pinAskedByExtension") : t("pinAskedBy")}{" "}
        {request.origin !== "extension" && <span class="origin">{request.origin}</span>}
      </p>
      <p>{t(REASONS[request.reason])}</p>
      <p class="muted">{t("pinToken", request.tokenLabel)}</p>
      {notice !== null && (
        <p class={`status ${notice.level}`} role="alert" data-testid="pin-tries">
          <strong>{t(notice.key)}</strong>
        </p>
      )}
      {error !== null && (
        <p class="status error" role="alert" data-testid="pin-error">
          {error}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="pin">{t("pinLabel")}</label>
        <input
          id="pin"
          ref={field}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          minLength={4}
          maxLength={16}
          required
          autoFocus
          disabled={locked || busy}
          aria-describedby="pin-help"
        />
        <p id="pin-help" class="muted">
          {t("pinHelp")}
        </p>
        <div class="actions">
          <button type="button" onClick={cancel}>
            {t("cancel")}
          </button>
          <button
            type="submit"
            class={request.pinFlags.userPinFinalTry ? "danger" : "primary"}
            disabled={locked || busy}
          >
            {request.pinFlags.userPinFinalTry ? t("pinConfirmFinalTry") : t("confirm")}
          </button>
        </div>
      </form>
    </main>
  );
}
