import { z } from "../zod-mini.js";
import { CnsBridgeError } from "../errors/index.js";
import chambersJson from "./data/chambers.js";
import pecJson from "./data/pec-domains.js";
import pricesJson from "./data/prices.js";
import provincesJson from "./data/provinces.js";

/** The two device types the Chambers issue. */
export const DEVICE_TYPES = ["smart-card", "token"] as const;
export const deviceTypeSchema = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof deviceTypeSchema>;

/** Who asks: the legal representative of a company, or a private citizen. */
export const REQUESTER_TYPES = ["legale-rappresentante", "privato"] as const;
export const requesterTypeSchema = z.enum(REQUESTER_TYPES);
export type RequesterType = z.infer<typeof requesterTypeSchema>;

const monthDay = z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/));
const provinceCode = z.string().check(z.regex(/^[A-Z]{2}$/));

export const chamberSchema = z.object({
  id: z.string().check(z.regex(/^[a-z-]+$/)),
  name: z.string().check(z.minLength(1)),
  /** Provinces whose residents and registered offices this Chamber serves. */
  provinces: z.array(provinceCode).check(z.minLength(1)),
  devices: z.array(deviceTypeSchema).check(z.minLength(1)),
  shipping: z.object({ available: z.boolean(), workingDays: z.int().check(z.gte(0)) }),
  pickup: z.object({ address: z.string().check(z.minLength(1)), fromWorkingDay: z.int().check(z.gte(1)) }),
  /** Patron saints' days (MM-DD) when the Chamber is closed, beyond the national holidays. */
  localHolidays: z.array(monthDay),
  source: z.string(),
});
export type Chamber = z.infer<typeof chamberSchema>;

export const priceSchema = z.object({
  chamber: z.string(),
  device: deviceTypeSchema,
  requester: z.union([requesterTypeSchema, z.literal("any")]),
  /** "standard", or "first-for-company": the first device of a company's legal representative. */
  condition: z.enum(["standard", "first-for-company"]),
  amountCents: z.int().check(z.gte(0)),
  label: z.string().check(z.minLength(1)),
  includes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** False when the reduction is checked only at the desk, so the online route cannot apply it. */
  appliesOnline: z.boolean(),
  source: z.string(),
});
export type PriceEntry = z.infer<typeof priceSchema>;

const provinceSchema = z.object({ code: provinceCode, name: z.string().check(z.minLength(1)) });
export type Province = z.infer<typeof provinceSchema>;

const pecSchema = z.object({
  domains: z.array(z.string().check(z.regex(/^[a-z0-9.-]+$/))),
  labels: z.array(z.string().check(z.regex(/^[a-z0-9-]+$/))),
});

function load<T>(schema: z.ZodMiniType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new CnsBridgeError("ROUTE_DATA_INVALID", { detail: `${name}: ${result.error.message}` });
  }
  return result.data;
}

/** The data tables of the route, validated once when the module loads. */
export interface RouteData {
  readonly chambers: readonly Chamber[];
  readonly prices: readonly PriceEntry[];
  readonly provinces: readonly Province[];
  readonly pecDomains: readonly string[];
  readonly pecLabels: readonly string[];
}

export function parseRouteData(raw: {
  chambers: unknown;
  prices: unknown;
  provinces: unknown;
  pec: unknown;
}): RouteData {
  const chambers = load(z.array(chamberSchema), raw.chambers, "chambers");
  const prices = load(z.array(priceSchema), raw.prices, "prices");
  const provinces = load(z.array(provinceSchema), raw.provinces, "provinces");
  const pec = load(pecSchema, raw.pec, "pec-domains");
  const known = new Set(provinces.map((p) => p.code));
  const served = new Set<string>();
  for (const chamber of chambers) {
    for (const code of chamber.provinces) {
      if (!known.has(code))
        throw new CnsBridgeError("ROUTE_DATA_INVALID", { detail: `${chamber.id}: ${code}` });
      if (served.has(code))
        throw new CnsBridgeError("ROUTE_DATA_INVALID", { detail: `${code} served twice` });
      served.add(code);
    }
  }
  for (const price of prices) {
    const chamber = chambers.find((c) => c.id === price.chamber);
    if (chamber === undefined || !chamber.devices.includes(price.device)) {
      throw new CnsBridgeError("ROUTE_DATA_INVALID", { detail: `price ${price.chamber}/${price.device}` });
    }
  }
  return { chambers, prices, provinces, pecDomains: pec.domains, pecLabels: pec.labels };
}

export const routeData: RouteData = parseRouteData({
  chambers: chambersJson.chambers,
  prices: pricesJson.prices,
  provinces: provincesJson.provinces,
  pec: pecJson,
});

export function findChamber(id: string, data: RouteData = routeData): Chamber | undefined {
  return data.chambers.find((c) => c.id === id);
}

export function findProvince(code: string, data: RouteData = routeData): Province | undefined {
  return data.provinces.find((p) => p.code === code);
}
