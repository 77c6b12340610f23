import { isValidPartitaIva } from "../cns/index.js";
import { CnsBridgeError } from "../errors/index.js";
import { type Chamber, findProvince, type RouteData, routeData } from "./data.js";

/** What the requester declares in step 3. The natural person is always the CNS holder. */
export type RequesterInput =
  | { readonly type: "privato"; readonly residenceProvince: string }
  | {
      readonly type: "legale-rappresentante";
      readonly partitaIva: string;
      /** Registro delle Imprese number: province code and number, e.g. "PO-123456". */
      readonly rea: string;
      readonly registeredOfficeProvince: string;
      readonly firstForCompany: boolean;
    };

export interface ReferenceChamber {
  readonly chamber: Chamber;
  /** The province that decided it (residence or registered office). */
  readonly province: string;
}

const REA = /^([A-Z]{2})[- ]?(\d{1,7})$/;

/** Normalizes a REA number to "PO-123456", or throws ROUTE_REA_INVALID. */
export function normalizeRea(input: string, data: RouteData = routeData): string {
  const match = REA.exec(input.trim().toUpperCase());
  if (match === null || findProvince(match[1] ?? "", data) === undefined || /^0+$/.test(match[2] ?? "")) {
    throw new CnsBridgeError("ROUTE_REA_INVALID");
  }
  return `${match[1] ?? ""}-${match[2] ?? ""}`;
}

function knownProvince(input: string, data: RouteData): string {
  const code = input.trim().toUpperCase();
  if (findProvince(code, data) === undefined) {
    throw new CnsBridgeError("ROUTE_PROVINCE_UNKNOWN", { province: input.slice(0, 20) });
  }
  return code;
}

/**
 * The Chamber the request belongs to: a legal representative's is the Chamber of the company's
 * registered office, a private citizen's the Chamber of residence.
 */
export function resolveReferenceChamber(
  input: RequesterInput,
  data: RouteData = routeData,
): ReferenceChamber {
  let province: string;
  let reason: string;
  if (input.type === "privato") {
    province = knownProvince(input.residenceProvince, data);
    reason = "la tua residenza";
  } else {
    if (!isValidPartitaIva(input.partitaIva)) throw new CnsBridgeError("ROUTE_PARTITA_IVA_INVALID");
    province = knownProvince(input.registeredOfficeProvince, data);
    const reaProvince = normalizeRea(input.rea, data).slice(0, 2);
    if (reaProvince !== province) {
      throw new CnsBridgeError("ROUTE_REA_PROVINCE_MISMATCH", { reaProvince, province });
    }
    reason = "la sede legale dell'impresa";
  }
  const chamber = data.chambers.find((c) => c.provinces.includes(province));
  if (chamber === undefined) throw new CnsBridgeError("ROUTE_CHAMBER_NOT_SERVED", { province, reason });
  return { chamber, province };
}
