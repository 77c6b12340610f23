import {
  assertDeviceOffered,
  assertPassphrase,
  CnsBridgeError,
  type Chamber,
  type DeliveryBody,
  type DeviceType,
  findChamber,
  type RequestData,
  type RequesterBody,
  type RequestState,
  resolveReferenceChamber,
  STATE_LABELS,
  validateContacts,
  validateDelivery,
} from "@cns-bridge/shared";

/** States in which the holder may still change the data (before paying). */
export const EDITABLE_STATES: readonly RequestState[] = [
  "bozza",
  "dati-completi",
  "documenti-generati",
  "documenti-caricati",
  "verificata",
];

export function assertEditable(state: RequestState): void {
  if (!EDITABLE_STATES.includes(state)) {
    throw new CnsBridgeError("ROUTE_TRANSITION_REFUSED", {
      from: STATE_LABELS[state],
      to: STATE_LABELS.bozza,
      hint: "il pagamento è già stato avviato: i dati non si possono più cambiare.",
    });
  }
}

/** What is still missing, in the route's order, as the wizard names it. */
export function missingData(data: RequestData): string[] {
  const missing: string[] = [];
  if (data.requester === undefined) missing.push("tipo di richiedente");
  if (data.contacts === undefined) missing.push("email e cellulare");
  if (!data.passphraseSet) missing.push("passphrase");
  if (data.delivery === undefined) missing.push("modalità di consegna");
  if (data.device === undefined) missing.push("tipo di dispositivo");
  return missing;
}

/** After an edit the documents are stale: back to "bozza", or "dati-completi" when nothing is missing. */
export function stateAfterEdit(data: RequestData): RequestState {
  return missingData(data).length === 0 ? "dati-completi" : "bozza";
}

export function chamberOf(data: RequestData): Chamber | undefined {
  return data.chamberId === undefined ? undefined : findChamber(data.chamberId);
}

function requireChamber(data: RequestData): Chamber {
  const chamber = chamberOf(data);
  if (chamber === undefined) {
    throw new CnsBridgeError("ROUTE_INPUT_INVALID", {
      field: "richiedente",
      detail: "scegli prima il tipo di richiedente, che decide la Camera di Commercio",
    });
  }
  return chamber;
}

/**
 * Step 3. A new Chamber may not ship or not issue the chosen device: those choices are dropped
 * so the holder makes them again.
 */
export function applyRequester(data: RequestData, body: RequesterBody): RequestData {
  const { chamber } = resolveReferenceChamber(body);
  const next: RequestData = { ...data, requester: body, chamberId: chamber.id };
  if (next.device !== undefined && !chamber.devices.includes(next.device)) delete next.device;
  if (next.delivery?.method === "spedizione" && !chamber.shipping.available) delete next.delivery;
  return next;
}

export function applyContacts(data: RequestData, body: { email: string; mobile: string }): RequestData {
  return { ...data, contacts: validateContacts(body) };
}

/** The passphrase is checked here; the caller stores only its salted hash. */
export function checkPassphrase(passphrase: string): void {
  assertPassphrase(passphrase);
}

export function applyDelivery(data: RequestData, body: DeliveryBody): RequestData {
  return { ...data, delivery: validateDelivery(body, requireChamber(data)) };
}

export function applyDevice(data: RequestData, device: DeviceType): RequestData {
  assertDeviceOffered(requireChamber(data), device);
  return { ...data, device };
}
