import {
  assertDeviceOffered,
  assertPassphrase,
  availableDevices,
  CnsBridgeError,
  type Chamber,
  type DeliveryInput,
  type DeviceType,
  findChamber,
  type Language,
  type RequesterInput,
  type RequestView,
  resolveReferenceChamber,
  validateContacts,
  validateDelivery,
  validateItalianMobile,
  validatePersonalEmail,
} from "@cns-bridge/shared";

/** The wizard's steps, in the order of the route (domain.md, steps 1-10). */
export const WIZARD_STEPS = [
  "insert-cns",
  "authenticate",
  "confirm-cf",
  "requester",
  "contacts",
  "passphrase",
  "delivery",
  "device",
  "documents",
  "sign",
  "summary",
  "pay",
  "status",
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** What the wizard knows outside the portal: whether a CNS is present, a session, the CF confirmed. */
export interface WizardContext {
  readonly tokenPresent: boolean;
  readonly loggedIn: boolean;
  readonly cfConfirmed: boolean;
}

/**
 * The step to show, derived only from the portal's state (so the wizard resumes after the browser
 * or the agent restarts): the first thing still missing.
 */
export function stepFor(context: WizardContext, view: RequestView | null): WizardStep {
  if (view !== null && isAfterPayment(view)) return "status";
  if (!context.tokenPresent && (view === null || needsToken(view))) return "insert-cns";
  if (!context.loggedIn) return "authenticate";
  if (!context.cfConfirmed || view === null) return "confirm-cf";
  switch (view.state) {
    case "bozza":
      if (view.data.requester === undefined) return "requester";
      if (view.data.contacts === undefined) return "contacts";
      if (!view.data.passphraseSet) return "passphrase";
      if (view.data.delivery === undefined) return "delivery";
      return "device";
    case "dati-completi":
      return "documents";
    case "documenti-generati":
      return "sign";
    case "documenti-caricati":
    case "verificata":
      return "summary";
    case "pagamento-in-corso":
      return "pay";
    default:
      return "status";
  }
}

function isAfterPayment(view: RequestView): boolean {
  return ![
    "bozza",
    "dati-completi",
    "documenti-generati",
    "documenti-caricati",
    "verificata",
    "pagamento-in-corso",
  ].includes(view.state);
}

/** Paying and checking the status need no CNS; everything before needs it (login, signing). */
function needsToken(view: RequestView): boolean {
  return view.state !== "pagamento-in-corso";
}

/** Documents still to sign: signed in one batch (one consent, one PIN), then uploaded. */
export function documentsToSign(view: RequestView): RequestView["documents"] {
  return view.documents.filter((d) => !d.signed);
}

/** The Chamber of the request once the requester step set it. */
export function chamberOf(view: RequestView): Chamber | undefined {
  return view.data.chamberId === undefined ? undefined : findChamber(view.data.chamberId);
}

/** The devices to offer (Torino: token only). */
export function deviceChoices(view: RequestView): readonly DeviceType[] {
  const chamber = chamberOf(view);
  return chamber === undefined ? [] : availableDevices(chamber);
}

/** Instant feedback, from the same rules the portal enforces: the coded message, or null when fine. */
export interface Feedback {
  readonly code: string;
  readonly message: string;
  /** The rule's parameters, e.g. `field` for an address error. */
  readonly params: Readonly<Record<string, string | number>>;
}

function coded(run: () => unknown, language: Language): Feedback | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof CnsBridgeError)
      return { code: error.code, message: error.messageIn(language), params: error.params };
    throw error;
  }
}

export function checkRequester(input: RequesterInput, language: Language = "it"): Feedback | null {
  return coded(() => resolveReferenceChamber(input), language);
}

export function checkEmail(email: string, language: Language = "it"): Feedback | null {
  return coded(() => validatePersonalEmail(email), language);
}

export function checkMobile(mobile: string, language: Language = "it"): Feedback | null {
  return coded(() => validateItalianMobile(mobile), language);
}

export function checkContacts(email: string, mobile: string, language: Language = "it"): Feedback | null {
  return coded(() => validateContacts({ email, mobile }), language);
}

export function checkPassphrase(
  passphrase: string,
  repeated: string,
  language: Language = "it",
): Feedback | null {
  return coded(() => {
    assertPassphrase(passphrase);
    if (passphrase !== repeated) throw new CnsBridgeError("ROUTE_PASSPHRASE_MISMATCH");
  }, language);
}

function requireChamber(view: RequestView): Chamber {
  const chamber = chamberOf(view);
  if (chamber === undefined) throw new CnsBridgeError("ROUTE_REQUESTER_FIRST");
  return chamber;
}

export function checkDelivery(
  view: RequestView,
  input: DeliveryInput,
  language: Language = "it",
): Feedback | null {
  return coded(() => validateDelivery(input, requireChamber(view)), language);
}

export function checkDevice(
  view: RequestView,
  device: DeviceType,
  language: Language = "it",
): Feedback | null {
  return coded(() => assertDeviceOffered(requireChamber(view), device), language);
}
