import { routeData } from "@cns-bridge/shared";
import type { JSX } from "preact";
import { t } from "../../i18n/t.js";
import type { CodedMessage } from "../../ui/coded-error.js";
import { ErrorNotice } from "../../ui/error-notice.js";

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly error?: CodedMessage | null;
  readonly help?: string;
  readonly onBlur?: () => void;
}

/** Labels, help and the field's own error tied to it (aria-describedby, aria-invalid). */
function describedBy(props: FieldProps): string | undefined {
  const ids = [
    props.help === undefined ? null : `${props.id}-help`,
    props.error ? `${props.id}-error` : null,
  ];
  const joined = ids.filter((id) => id !== null).join(" ");
  return joined === "" ? undefined : joined;
}

export function TextField(
  props: FieldProps & {
    readonly type?: "text" | "email" | "tel" | "password";
    readonly autoComplete?: string;
    readonly inputMode?: JSX.HTMLAttributes["inputMode"];
    readonly maxLength?: number;
  },
) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? "text"}
        value={props.value}
        required
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props)}
        onInput={(event) => props.onValue(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
      {props.help !== undefined && (
        <p id={`${props.id}-help`} class="muted help">
          {props.help}
        </p>
      )}
      <ErrorNotice id={`${props.id}-error`} error={props.error ?? null} />
    </div>
  );
}

const PROVINCES = [...routeData.provinces].sort((a, b) => a.name.localeCompare(b.name, "it"));

/** The Italian provinces by name, with their two-letter code as value. */
export function ProvinceSelect(props: FieldProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        required
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props)}
        onChange={(event) => props.onValue(event.currentTarget.value)}
        onBlur={props.onBlur}
      >
        <option value="">{t("routeChooseProvince")}</option>
        {PROVINCES.map((province) => (
          <option key={province.code} value={province.code}>
            {province.name} ({province.code})
          </option>
        ))}
      </select>
      {props.help !== undefined && (
        <p id={`${props.id}-help`} class="muted help">
          {props.help}
        </p>
      )}
      <ErrorNotice id={`${props.id}-error`} error={props.error ?? null} />
    </div>
  );
}

/** Moves the focus to the first field marked invalid, so the holder lands on what to fix. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
