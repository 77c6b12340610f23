/**
 * What a test holder types along the route (fictitious data only). Tests take their inputs from
 * here, and the final log scan (tests/final/log-scan.test.ts) takes its forbidden strings from
 * here too: every passphrase below must never appear in a log.
 */
export const ROUTE_PASSPHRASES = {
  /** The route at Prato (privato + smart card). */
  prato: "Primavera2026",
  /** The route at Torino (legale rappresentante + token). */
  torino: "Torino-Token-2026",
  /** The restart-safety routes. */
  restart: "Riavvio-Sicuro-42",
  /** The Chromium e2e route. */
  browser: "Camelia-Blu-7731",
} as const;

/** Passphrases the rules refuse, each for one reason: typed by a holder, so secret all the same. */
export const WEAK_PASSPHRASES = {
  noUppercase: "primavera2026",
  noDigit: "PrimaveraBlu",
  tooShort: "Pri2026a",
} as const;

export function allRoutePassphrases(): string[] {
  return [...Object.values(ROUTE_PASSPHRASES), ...Object.values(WEAK_PASSPHRASES)];
}

export const CONTACTS = { email: "titolare@example.it", mobile: "333 1234567" } as const;
export const PEC_EMAIL = "titolare@legalmail.it";

export const SHIPPING_PRATO = {
  country: "IT",
  recipient: "Mario Rossi",
  street: "Via Roma 1",
  cap: "59100",
  comune: "Prato",
  provincia: "PO",
} as const;

export const ADDRESS_ABROAD = { ...SHIPPING_PRATO, country: "FR", cap: "75001", comune: "Paris" } as const;

/** A company (as requester or receipt holder): a partita IVA with a valid check digit. */
export const COMPANY = { partitaIva: "00743110157", name: "Rossi Srl", rea: "TO-123456" } as const;
