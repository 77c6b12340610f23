import { CnsBridgeError } from "../errors/index.js";

/** The states of a device request, in route order, then the two ends that stop it. */
export const REQUEST_STATES = [
  "bozza",
  "dati-completi",
  "documenti-generati",
  "documenti-caricati",
  "verificata",
  "pagamento-in-corso",
  "pagata",
  "in-lavorazione",
  "consegnata",
  "spedita",
  "annullata",
  "scaduta",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const STATE_LABELS: Record<RequestState, string> = {
  bozza: "bozza",
  "dati-completi": "dati completi",
  "documenti-generati": "documenti generati",
  "documenti-caricati": "documenti firmati e caricati",
  verificata: "documenti verificati",
  "pagamento-in-corso": "pagamento in corso",
  pagata: "pagata",
  "in-lavorazione": "in lavorazione",
  consegnata: "consegnata allo sportello",
  spedita: "spedita",
  annullata: "annullata",
  scaduta: "scaduta",
};

/**
 * Allowed moves. Data edits before payment return to an earlier state (the documents must be
 * generated and signed again); once a payment is started the data is frozen. A payment
 * refused or abandoned returns to "verificata" so the holder can retry. Cancelling is possible
 * until the payment starts; a request expires only before it is paid.
 */
const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  bozza: ["dati-completi", "annullata", "scaduta"],
  "dati-completi": ["bozza", "documenti-generati", "annullata", "scaduta"],
  "documenti-generati": ["bozza", "dati-completi", "documenti-caricati", "annullata", "scaduta"],
  "documenti-caricati": [
    "bozza",
    "dati-completi",
    "documenti-generati",
    "verificata",
    "annullata",
    "scaduta",
  ],
  verificata: ["bozza", "dati-completi", "pagamento-in-corso", "annullata", "scaduta"],
  "pagamento-in-corso": ["verificata", "pagata", "scaduta"],
  pagata: ["in-lavorazione"],
  "in-lavorazione": ["consegnata", "spedita"],
  consegnata: [],
  spedita: [],
  annullata: [],
  scaduta: [],
};

const HINTS: Partial<Record<RequestState, string>> = {
  "pagamento-in-corso":
    "il pagamento è già stato avviato: attendi l'esito, i dati non si possono più cambiare.",
  pagata: "la richiesta è pagata: i dati e l'intestatario della ricevuta non si possono più cambiare.",
  annullata: "la richiesta è annullata: avviane una nuova.",
  scaduta: "la richiesta è scaduta: avviane una nuova.",
};

export function canTransition(from: RequestState, to: RequestState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStates(from: RequestState): readonly RequestState[] {
  return TRANSITIONS[from];
}

export function isTerminal(state: RequestState): boolean {
  return TRANSITIONS[state].length === 0;
}

/** Throws ROUTE_TRANSITION_REFUSED with what the holder can do instead. */
export function assertTransition(from: RequestState, to: RequestState): void {
  if (canTransition(from, to)) return;
  throw new CnsBridgeError("ROUTE_TRANSITION_REFUSED", {
    from: STATE_LABELS[from],
    to: STATE_LABELS[to],
    hint: HINTS[from] ?? "completa prima i passaggi precedenti della richiesta.",
  });
}
