import { CnsBridgeError } from "../errors/index.js";
import { type Chamber, findProvince, type RouteData, routeData } from "./data.js";
import { addWorkingDays } from "./working-days.js";

export interface ShippingAddressInput {
  /** ISO 3166 alpha-2; only "IT" is accepted (no shipping abroad). */
  readonly country: string;
  /** Who signs the return receipt (the holder, or "presso" an office). */
  readonly recipient: string;
  readonly street: string;
  readonly cap: string;
  readonly comune: string;
  readonly provincia: string;
}

export type ShippingAddress = ShippingAddressInput & { readonly country: "IT" };

export type DeliveryInput =
  | { readonly method: "sportello" }
  | { readonly method: "spedizione"; readonly address: ShippingAddressInput };

export type Delivery =
  { readonly method: "sportello" } | { readonly method: "spedizione"; readonly address: ShippingAddress };

const MAX_FIELD = 120;

function field(name: keyof ShippingAddressInput, value: string): string {
  const trimmed = value.trim().replace(/\s+/g, " ");
  if (trimmed.length === 0) {
    throw new CnsBridgeError("ROUTE_ADDRESS_INVALID", { field: name, detail: "il campo è vuoto" });
  }
  if (trimmed.length > MAX_FIELD || /\p{Cc}/u.test(trimmed)) {
    throw new CnsBridgeError("ROUTE_ADDRESS_INVALID", {
      field: name,
      detail: `al massimo ${MAX_FIELD} caratteri, senza caratteri di controllo`,
    });
  }
  return trimmed;
}

/** An Italian address for registered mail: CAP of 5 digits, a real provincia, a comune. */
export function validateShippingAddress(
  input: ShippingAddressInput,
  data: RouteData = routeData,
): ShippingAddress {
  if (input.country.trim().toUpperCase() !== "IT") throw new CnsBridgeError("ROUTE_ADDRESS_ABROAD");
  const cap = input.cap.trim();
  if (!/^\d{5}$/.test(cap)) {
    throw new CnsBridgeError("ROUTE_ADDRESS_INVALID", { field: "cap", detail: "il CAP è di 5 cifre" });
  }
  const provincia = input.provincia.trim().toUpperCase();
  if (findProvince(provincia, data) === undefined) {
    throw new CnsBridgeError("ROUTE_PROVINCE_UNKNOWN", { province: input.provincia.slice(0, 20) });
  }
  return {
    country: "IT",
    recipient: field("recipient", input.recipient),
    street: field("street", input.street),
    cap,
    comune: field("comune", input.comune),
    provincia,
  };
}

/** Checks the delivery choice against what the Chamber offers. */
export function validateDelivery(
  input: DeliveryInput,
  chamber: Chamber,
  data: RouteData = routeData,
): Delivery {
  if (input.method === "sportello") return { method: "sportello" };
  const address = validateShippingAddress(input.address, data);
  if (!chamber.shipping.available)
    throw new CnsBridgeError("ROUTE_SHIPPING_NOT_OFFERED", { chamber: chamber.name });
  return { method: "spedizione", address };
}

/** First day the device can be picked up in person: the Chamber's n-th working day after identification. */
export function earliestPickupDate(identifiedOn: string, chamber: Chamber): string {
  return addWorkingDays(identifiedOn, chamber.pickup.fromWorkingDay, chamber.localHolidays);
}

/** Expected delivery by registered mail, counted in the Chamber's working days. */
export function expectedShippingDate(identifiedOn: string, chamber: Chamber): string {
  if (!chamber.shipping.available)
    throw new CnsBridgeError("ROUTE_SHIPPING_NOT_OFFERED", { chamber: chamber.name });
  return addWorkingDays(identifiedOn, chamber.shipping.workingDays, chamber.localHolidays);
}
