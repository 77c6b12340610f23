import { CnsBridgeError } from "../errors/index.js";
import { type Chamber, type DeviceType, type RequesterType, type RouteData, routeData } from "./data.js";

export const DEVICE_LABELS: Record<DeviceType, string> = {
  "smart-card": "smart card",
  token: "token wireless DigitalDNA",
};

/** Devices the Chamber issues on this route (Torino: the token only). */
export function availableDevices(chamber: Chamber): readonly DeviceType[] {
  return chamber.devices;
}

export function assertDeviceOffered(chamber: Chamber, device: DeviceType): void {
  if (!chamber.devices.includes(device)) {
    throw new CnsBridgeError("ROUTE_DEVICE_NOT_OFFERED", {
      chamber: chamber.name,
      device: DEVICE_LABELS[device],
      available: chamber.devices.map((d) => DEVICE_LABELS[d]).join(", "),
    });
  }
}

export interface PriceQuote {
  readonly amountCents: number;
  readonly label: string;
  readonly includes: readonly string[];
  readonly condition: "standard" | "first-for-company";
  /** Reductions that exist but are checked only at the Chamber's desk, shown for information. */
  readonly deskOnlyReductions: readonly { readonly label: string; readonly amountCents: number }[];
}

/**
 * The price of the device for this requester at this Chamber. The first-device reduction of a
 * legal representative applies only where the Chamber grants it online.
 */
export function quotePrice(
  chamber: Chamber,
  device: DeviceType,
  requester: { readonly type: RequesterType; readonly firstForCompany: boolean },
  data: RouteData = routeData,
): PriceQuote {
  assertDeviceOffered(chamber, device);
  const entries = data.prices.filter(
    (p) =>
      p.chamber === chamber.id &&
      p.device === device &&
      (p.requester === "any" || p.requester === requester.type),
  );
  const reduced =
    requester.type === "legale-rappresentante" && requester.firstForCompany
      ? entries.find((p) => p.condition === "first-for-company" && p.appliesOnline)
      : undefined;
  const chosen = reduced ?? entries.find((p) => p.condition === "standard");
  if (chosen === undefined) {
    throw new CnsBridgeError("ROUTE_PRICE_MISSING", { chamber: chamber.name, device: DEVICE_LABELS[device] });
  }
  return {
    amountCents: chosen.amountCents,
    label: chosen.label,
    includes: chosen.includes,
    condition: chosen.condition,
    deskOnlyReductions: entries
      .filter((p) => !p.appliesOnline)
      .map((p) => ({ label: p.label, amountCents: p.amountCents })),
  };
}

/** "54,00 €" from 5400; "gratuito" for zero. */
export function formatEuro(cents: number): string {
  if (cents === 0) return "gratuito";
  const euros = Math.floor(cents / 100);
  return `${euros},${String(cents % 100).padStart(2, "0")} €`;
}
