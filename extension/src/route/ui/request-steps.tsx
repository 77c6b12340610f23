import type { WizardStep } from "../wizard.js";
import { ContactsStep } from "./contacts-step.js";
import { DeliveryStep } from "./delivery-step.js";
import { DeviceStep } from "./device-step.js";
import { DocumentsStep } from "./documents-step.js";
import { PassphraseStep } from "./passphrase-step.js";
import { PayStep } from "./pay-step.js";
import { RequesterStep } from "./requester-step.js";
import type { StepProps } from "./route-deps.js";
import { SignStep } from "./sign-step.js";
import { StatusStep } from "./status-step.js";
import type { EditableStep } from "./steps.js";
import { SummaryStep } from "./summary-step.js";

/** The wizard's steps on an existing request: a lazy chunk of the route page (route-wizard.tsx). */
export type RequestStepName = Exclude<WizardStep, "insert-cns" | "authenticate" | "confirm-cf">;

export function RequestStep({
  step,
  props,
  onEdit,
  onNewRequest,
}: {
  step: RequestStepName;
  props: StepProps;
  onEdit: (step: EditableStep) => void;
  onNewRequest: () => void;
}) {
  switch (step) {
    case "requester":
      return <RequesterStep {...props} />;
    case "contacts":
      return <ContactsStep {...props} />;
    case "passphrase":
      return <PassphraseStep {...props} />;
    case "delivery":
      return <DeliveryStep {...props} />;
    case "device":
      return <DeviceStep {...props} />;
    case "documents":
      return <DocumentsStep {...props} onEdit={onEdit} />;
    case "sign":
      return <SignStep {...props} />;
    case "summary":
      return <SummaryStep {...props} />;
    case "pay":
      return <PayStep {...props} />;
    case "status":
      return <StatusStep {...props} onNewRequest={onNewRequest} />;
  }
}
