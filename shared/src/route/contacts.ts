import { CnsBridgeError } from "../errors/index.js";
import { type RouteData, routeData } from "./data.js";

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

/** True when the domain is a known PEC provider, or one of its labels says "pec"/"cert". */
export function isPecDomain(domain: string, data: RouteData = routeData): boolean {
  const lower = domain.toLowerCase();
  if (data.pecDomains.some((d) => lower === d || lower.endsWith(`.${d}`))) return true;
  const labels = lower.split(".").slice(0, -1);
  return labels.some((label) => data.pecLabels.some((p) => label === p || label.startsWith(`${p}-`)));
}

/**
 * The holder's personal email, trimmed and with a lowercase domain. Certified email (PEC) is
 * refused: the passphrase and the envelope with PIN and PUK are sent to this address.
 */
export function validatePersonalEmail(input: string, data: RouteData = routeData): string {
  const email = input.trim();
  const match = email.length <= 254 ? EMAIL.exec(email) : null;
  const domain = match?.[1];
  if (domain === undefined || email.length - domain.length - 1 > 64 || email.includes("..")) {
    throw new CnsBridgeError("ROUTE_EMAIL_INVALID");
  }
  if (isPecDomain(domain, data))
    throw new CnsBridgeError("ROUTE_EMAIL_PEC", { domain: domain.toLowerCase() });
  const local = email.slice(0, email.length - domain.length - 1);
  return `${local}@${domain.toLowerCase()}`;
}

/**
 * An Italian mobile number, normalized to "+39" and the digits. Italian mobiles start with 3
 * and have 9 or 10 digits; an optional +39 or 0039 prefix, spaces, dots and dashes are accepted.
 */
export function validateItalianMobile(input: string): string {
  const compact = input.trim().replace(/[\s.\-/()]/g, "");
  const national = compact.replace(/^(\+39|0039)/, "");
  if (!/^3\d{8,9}$/.test(national) || compact.length > 16) {
    throw new CnsBridgeError("ROUTE_MOBILE_INVALID");
  }
  return `+39${national}`;
}
