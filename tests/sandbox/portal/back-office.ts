import { CnsBridgeError, type RequestState, STATE_LABELS } from "@cns-bridge/shared";
import type { RequestStore, StoredRequest } from "./request-store.js";

/** States only the Chamber's back office sets, after the payment. */
export const BACK_OFFICE_STATES = ["in-lavorazione", "consegnata", "spedita"] as const;
export type BackOfficeState = (typeof BACK_OFFICE_STATES)[number];

/** Requests left unpaid this long, before any payment started, expire. */
export const IDLE_EXPIRY_DAYS = 30;
const EXPIRABLE: readonly RequestState[] = [
  "bozza",
  "dati-completi",
  "documenti-generati",
  "documenti-caricati",
  "verificata",
];

/**
 * The Chamber moves a paid request on: to work, then handed over at the desk (pick-up chosen)
 * or shipped (shipping chosen). The lifecycle table checks the order.
 */
export function advanceByChamber(requests: RequestStore, id: string, to: BackOfficeState): StoredRequest {
  return requests.update(id, (current) => {
    const method = current.data.delivery?.method;
    if ((to === "consegnata" && method !== "sportello") || (to === "spedita" && method !== "spedizione")) {
      throw new CnsBridgeError("ROUTE_TRANSITION_REFUSED", {
        from: STATE_LABELS[current.state],
        to: STATE_LABELS[to],
        hint: "la modalità di consegna scelta dal titolare è un'altra.",
      });
    }
    return { state: to };
  });
}

/** Expires the requests idle for IDLE_EXPIRY_DAYS before paying; returns how many. */
export function expireIdleRequests(requests: RequestStore, now: Date): number {
  const cutoff = new Date(now.getTime() - IDLE_EXPIRY_DAYS * 24 * 3600 * 1000).toISOString();
  let expired = 0;
  for (const id of requests.idleSince(cutoff, EXPIRABLE)) {
    requests.update(id, () => ({ state: "scaduta" }));
    expired += 1;
  }
  return expired;
}
