import { CnsBridgeError, type ErrorCode, type ErrorParams } from "../errors/index.js";

/**
 * The partita IVA (Italian VAT number), also the 11-digit numeric codice fiscale of companies
 * and organisations: a 7-digit company number (not all zeros), a 3-digit office code and a
 * Luhn check digit. The office codes accepted are those python-stdnum's `it.iva` accepts:
 * 001-100 (provincial offices), 120, 121, 888 and 999.
 *
 * Input is normalized by trimming surrounding whitespace and dropping an optional "IT" country
 * prefix (any case), as VAT numbers are often written "IT01234567890"; separators inside the
 * number are refused.
 */

export interface ParsedPartitaIva {
  /** The 11 digits, without prefix. */
  readonly partitaIva: string;
  /** The first 7 digits. */
  readonly companyNumber: string;
  /** Digits 8-10. */
  readonly officeCode: string;
}

const LENGTH = 11;
const SPECIAL_OFFICE_CODES: readonly string[] = ["120", "121", "888", "999"];

type Outcome =
  | { readonly ok: true; readonly value: ParsedPartitaIva }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: ErrorParams };

/**
 * Parses a partita IVA, or throws a CnsBridgeError: PIVA_BAD_FORMAT, PIVA_BAD_LENGTH,
 * PIVA_BAD_OFFICE_CODE or PIVA_BAD_CHECK_DIGIT.
 */
export function parsePartitaIva(input: unknown): ParsedPartitaIva {
  const outcome = examinePartitaIva(input);
  if (!outcome.ok) {
    throw new CnsBridgeError(outcome.code, outcome.params);
  }
  return outcome.value;
}

/** True for a valid partita IVA (trimmed, optional "IT" prefix dropped: see the module notes). */
export function isValidPartitaIva(input: string): boolean {
  return examinePartitaIva(input).ok;
}

/** The Luhn check digit for the first 10 digits of a partita IVA. */
export function computePartitaIvaCheckDigit(first10: string): string {
  if (typeof first10 !== "string" || !/^[0-9]*$/.test(first10)) {
    throw new CnsBridgeError("PIVA_BAD_FORMAT", { detail: "only digits are allowed" });
  }
  if (first10.length !== LENGTH - 1) {
    throw new CnsBridgeError("PIVA_BAD_LENGTH", { length: first10.length + 1 });
  }
  return checkDigitOf(first10);
}

function examinePartitaIva(input: unknown): Outcome {
  if (typeof input !== "string") {
    return refuse("PIVA_BAD_FORMAT", { detail: "not a text value" });
  }
  const trimmed = input.trim();
  const number = /^it/i.test(trimmed) ? trimmed.slice(2) : trimmed;
  if (!/^[0-9]+$/.test(number)) {
    return refuse("PIVA_BAD_FORMAT", { detail: "only digits are allowed" });
  }
  if (number.length !== LENGTH) {
    return refuse("PIVA_BAD_LENGTH", { length: number.length });
  }
  const companyNumber = number.slice(0, 7);
  if (/^0+$/.test(companyNumber)) {
    return refuse("PIVA_BAD_FORMAT", { detail: "the company number (first 7 digits) is all zeros" });
  }
  const officeCode = number.slice(7, 10);
  const office = Number(officeCode);
  if (!((office >= 1 && office <= 100) || SPECIAL_OFFICE_CODES.includes(officeCode))) {
    return refuse("PIVA_BAD_OFFICE_CODE", { office: officeCode });
  }
  if (checkDigitOf(number.slice(0, LENGTH - 1)) !== number.charAt(LENGTH - 1)) {
    return refuse("PIVA_BAD_CHECK_DIGIT", {});
  }
  return { ok: true, value: { partitaIva: number, companyNumber, officeCode } };
}

/** Luhn: digits in even places (2nd, 4th, ...) are doubled, minus 9 when above 9. */
function checkDigitOf(first10: string): string {
  let sum = 0;
  for (let index = 0; index < first10.length; index += 1) {
    const digit = Number(first10.charAt(index));
    const weighted = index % 2 === 0 ? digit : digit * 2;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return String((10 - (sum % 10)) % 10);
}

function refuse(code: ErrorCode, params: ErrorParams): Outcome {
  return { ok: false, code, params };
}
