/**
 * The route wizard's steps as the page shows them. Stable for end-to-end tests:
 *
 * - The wizard root carries `data-route-state` = the portal's request state (`bozza`,
 *   `dati-completi`, `documenti-generati`, `verificata`, `pagamento-in-corso`, `pagata`, ...), or
 *   `nessuna` before a request is open, `caricamento` while loading.
 * - Each step's root element carries `data-step` with one of the ids below, in route order:
 *   insert-cns, authenticate, confirm-cf, requester, contacts, passphrase, delivery, device,
 *   documents, sign, summary, pay, status. The steps from requester on load lazily: until their
 *   content is there the step shows `data-testid="route-step-loading"`; wait for it to go.
 * - Main buttons (accessible names, Italian UI):
 *   authenticate "Accedi con la CNS"; confirm-cf "Confermo, sono io"; requester, contacts,
 *   passphrase, delivery, device "Continua"; documents "Prepara i documenti"; sign "Firma e
 *   invia i documenti"; summary "Paga con pagoPA" (after the checkbox "Ho controllato i dati e
 *   sono corretti"); pay "Apri pagoPA" and "Riprova il pagamento"; status "Aggiorna lo stato",
 *   and "Inizia una nuova richiesta" once the request is closed; insert-cns "Riprova".
 * - Errors are `role="alert"` elements with `data-error-code` (e.g. ROUTE_EMAIL_PEC).
 * - The page is `route.html`. Before opening it a test sets, in `chrome.storage.local`,
 *   `agentPort`, `portalOrigin` (default http://127.0.0.1:8091; http only on loopback) and
 *   `language: "it"` (headless Chromium's UI language is English, and "auto" follows it).
 * - "Accedi con la CNS" opens the PIN window only when the CNS is not logged in yet; the sign
 *   step opens the consent window (both documents, one consent), then the PIN window if needed.
 * - The payment outcome arrives by polling the portal every 3 s (pay and status steps).
 */
import type { MessageKey } from "../../i18n/t.js";
import { WIZARD_STEPS, type WizardStep } from "../wizard.js";

export const STEP_TITLES: Record<WizardStep, MessageKey> = {
  "insert-cns": "routeStepInsertCns",
  authenticate: "routeStepAuthenticate",
  "confirm-cf": "routeStepConfirmCf",
  requester: "routeStepRequester",
  contacts: "routeStepContacts",
  passphrase: "routeStepPassphrase",
  delivery: "routeStepDelivery",
  device: "routeStepDevice",
  documents: "routeStepDocuments",
  sign: "routeStepSign",
  summary: "routeStepSummary",
  pay: "routeStepPay",
  status: "routeStepStatus",
};

/** 1-based position of a step, for "Passo 3 di 13". */
export function stepNumber(step: WizardStep): number {
  return WIZARD_STEPS.indexOf(step) + 1;
}

/** The data steps the holder can go back to from the documents step (before signing). */
export const EDITABLE_STEPS = ["requester", "contacts", "passphrase", "delivery", "device"] as const;
export type EditableStep = (typeof EDITABLE_STEPS)[number];
