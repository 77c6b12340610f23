import {
  assertDeviceOffered,
  availableDevices,
  CnsBridgeError,
  type Chamber,
  type DeliveryInput,
  type DeviceType,
  findChamber,
  passphraseProblems,
  type PassphraseRule,
  type RequestView,
  validateContacts,
  validateDelivery,
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

/** Instant feedback, from the same rules the portal enforces: the Italian message, or null when fine. */
export type Feedback = string | null;

function italian(run: () => unknown): Feedback {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof CnsBridgeError) return error.messageIn("it");
    throw error;
  }
}

export function checkContacts(email: string, mobile: string): Feedback {
  return italian(() => validateContacts({ email, mobile }));
}

const PASSPHRASE_HINTS: Record<PassphraseRule, string> = {
  length: "almeno 10 caratteri",
  lowercase: "almeno una lettera minuscola",
  uppercase: "almeno una lettera maiuscola",
  digit: "almeno una cifra",
  "too-long": "al massimo 256 caratteri",
};

/** What the passphrase still lacks, in Italian; empty when it is accepted. */
export function passphraseHints(passphrase: string): string[] {
  return passphraseProblems(passphrase).map((rule) => PASSPHRASE_HINTS[rule]);
}

export function checkPassphrase(passphrase: string, repeated: string): Feedback {
  const hints = passphraseHints(passphrase);
  if (hints.length > 0) return `La passphrase deve avere ${hints.join(", ")}.`;
  if (passphrase !== repeated)
    return "Le due passphrase non coincidono: riscrivila uguale nel secondo campo.";
  return null;
}

export function checkDelivery(view: RequestView, input: DeliveryInput): Feedback {
  const chamber = chamberOf(view);
  if (chamber === undefined) return "Scegli prima chi fa la richiesta: da lì dipende la Camera di Commercio.";
  return italian(() => validateDelivery(input, chamber));
}

export function checkDevice(view: RequestView, device: DeviceType): Feedback {
  const chamber = chamberOf(view);
  if (chamber === undefined) return "Scegli prima chi fa la richiesta: da lì dipende la Camera di Commercio.";
  return italian(() => assertDeviceOffered(chamber, device));
}
