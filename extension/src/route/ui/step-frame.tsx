import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n/t.js";
import { WIZARD_STEPS, type WizardStep } from "../wizard.js";
import { STEP_TITLES, stepNumber } from "./steps.js";

/**
 * One step of the wizard: its heading gets the focus when the step appears, so keyboard and
 * screen reader users land on the new step instead of staying on a button that disappeared.
 */
export function StepFrame({ step, children }: { step: WizardStep; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  return (
    <section data-step={step} aria-labelledby={`step-title-${step}`}>
      <p class="muted step-progress">{t("routeProgress", stepNumber(step), WIZARD_STEPS.length)}</p>
      <h2 id={`step-title-${step}`} tabIndex={-1} ref={heading}>
        {t(STEP_TITLES[step])}
      </h2>
      {children}
    </section>
  );
}
