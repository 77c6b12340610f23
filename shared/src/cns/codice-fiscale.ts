import { CnsBridgeError, type ErrorCode, type ErrorParams } from "../errors/index.js";

/**
 * The personal codice fiscale (16 characters) as the Agenzia delle Entrate builds it:
 *
 *   RSS MRA 80 A 01 H501 U
 *   |   |   |  | |  |    check character
 *   |   |   |  | |  birth place (cadastral code of the comune, or Z + country code)
 *   |   |   |  | day of birth, plus 40 for women (01-31, 41-71)
 *   |   |   |  month letter (A B C D E H L M P R S T = January ... December)
 *   |   |   last two digits of the birth year
 *   |   three letters from the given name
 *   three letters from the surname
 *
 * Omocodia: when two people would get the same code, the Agenzia replaces digits (from the right)
 * with the letters L M N P Q R S T U V (0-9) and recomputes the check character; such a code is
 * as valid as the original. Any numeric position may carry a letter, as python-stdnum accepts.
 *
 * Input is normalized by trimming surrounding whitespace and upper-casing; separators inside
 * the code are NOT removed (python-stdnum strips " -:" anywhere; we refuse them so that a value
 * read from a certificate or typed in a form is compared as it is).
 */

export interface CodiceFiscaleBirthDate {
  /** The two year digits as written in the code (0-99): the century is not in the code. */
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** 1-31 (for women the 40 added in the code is already removed). */
  readonly day: number;
}

export interface ParsedCodiceFiscale {
  /** Normalized: trimmed and upper case. */
  readonly codiceFiscale: string;
  readonly birthDate: CodiceFiscaleBirthDate;
  readonly sex: "M" | "F";
  /** Cadastral code of the birth place with omocodia letters turned back into digits, e.g. "H501". */
  readonly birthPlaceCode: string;
  /** True when at least one numeric position carries an omocodia letter. */
  readonly isOmocode: boolean;
  /**
   * The code with every omocodia letter turned back into its digit and the check character
   * recomputed: equal to `codiceFiscale` when the code is not an omocode.
   */
  readonly baseCodiceFiscale: string;
}

const LENGTH = 16;
const OMOCODIA_LETTERS = "LMNPQRSTUV";
const MONTH_LETTERS = "ABCDEHLMPRST";
/** Indexes (0-based) of the positions that hold digits, or omocodia letters in their place. */
const NUMERIC_POSITIONS = [6, 7, 9, 10, 12, 13, 14] as const;
const STRUCTURE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const CHECK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Values of the characters in odd places (1st, 3rd, ... 15th); digits weigh as A-J. */
const ODD_PLACE_VALUES = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
] as const;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

type Outcome =
  | { readonly ok: true; readonly value: ParsedCodiceFiscale }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: ErrorParams };

/**
 * Parses a personal codice fiscale, or throws a CnsBridgeError: CF_BAD_FORMAT, CF_BAD_LENGTH,
 * CF_NOT_PERSONAL (an 11-digit numeric code of a company, see `parsePartitaIva`),
 * CF_BAD_CHECK_CHAR or CF_BAD_DATE.
 */
export function parseCodiceFiscale(input: unknown): ParsedCodiceFiscale {
  const outcome = examineCodiceFiscale(input);
  if (!outcome.ok) {
    throw new CnsBridgeError(outcome.code, outcome.params);
  }
  return outcome.value;
}

/** True for a valid personal codice fiscale (trimmed and upper-cased first, see the module notes). */
export function isValidCodiceFiscale(input: string): boolean {
  return examineCodiceFiscale(input).ok;
}

/** The check character for the first 15 characters of a codice fiscale. */
export function computeCodiceFiscaleCheckChar(first15: string): string {
  const normalized = typeof first15 === "string" ? first15.trim().toUpperCase() : "";
  if (!/^[A-Z0-9]*$/.test(normalized)) {
    throw new CnsBridgeError("CF_BAD_FORMAT", { detail: "only letters and digits are allowed" });
  }
  if (normalized.length !== LENGTH - 1) {
    throw new CnsBridgeError("CF_BAD_LENGTH", { length: normalized.length + 1 });
  }
  return checkCharOf(normalized);
}

/**
 * Hides a codice fiscale for logs and screens that do not need all of it: keeps the first three
 * and the last two characters ("RSS***********1U"). Values shorter than 8 characters are
 * masked entirely, so that a short fragment never leaks whole.
 */
export function maskCodiceFiscale(value: string): string {
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length < 8) {
    return "*".repeat(Math.max(text.length, 1));
  }
  return `${text.slice(0, 3)}${"*".repeat(text.length - 5)}${text.slice(-2)}`;
}

function examineCodiceFiscale(input: unknown): Outcome {
  if (typeof input !== "string") {
    return refuse("CF_BAD_FORMAT", { detail: "not a text value" });
  }
  const code = input.trim().toUpperCase();
  if (/^[0-9]{11}$/.test(code)) {
    return refuse("CF_NOT_PERSONAL", {});
  }
  if (code.length !== LENGTH) {
    return refuse("CF_BAD_LENGTH", { length: code.length });
  }
  if (!STRUCTURE.test(code)) {
    return refuse("CF_BAD_FORMAT", { detail: describeStructureFault(code) });
  }
  if (checkCharOf(code.slice(0, LENGTH - 1)) !== code[LENGTH - 1]) {
    return refuse("CF_BAD_CHECK_CHAR", {});
  }
  const digits = decodeOmocodia(code);
  const month = MONTH_LETTERS.indexOf(code.charAt(8)) + 1;
  if (month === 0) {
    return refuse("CF_BAD_DATE", { detail: "the month letter is not one of A B C D E H L M P R S T" });
  }
  const year = Number(digits.slice(6, 8));
  const dayField = Number(digits.slice(9, 11));
  const sex = dayField > 40 ? "F" : "M";
  const day = sex === "F" ? dayField - 40 : dayField;
  if (day < 1 || day > 31) {
    return refuse("CF_BAD_DATE", { detail: "the day must be 01-31, or 41-71 for women" });
  }
  if (!dayExists(year, month, day)) {
    return refuse("CF_BAD_DATE", { detail: `month ${month} has no day ${day}` });
  }
  const baseFirst15 = digits.slice(0, LENGTH - 1);
  return {
    ok: true,
    value: {
      codiceFiscale: code,
      birthDate: { year, month, day },
      sex,
      birthPlaceCode: digits.slice(11, 15),
      isOmocode: digits !== code,
      baseCodiceFiscale: `${baseFirst15}${checkCharOf(baseFirst15)}`,
    },
  };
}

/**
 * February 29th exists when the two year digits are a multiple of 4: both candidate centuries
 * (19xx, 20xx) agree on that, 2000 being a leap year and 1900 too long ago for a living holder.
 */
function dayExists(year: number, month: number, day: number): boolean {
  if (month === 2 && day === 29) {
    return year % 4 === 0;
  }
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** The code with omocodia letters in numeric positions replaced by their digits (check char kept). */
function decodeOmocodia(code: string): string {
  const characters = [...code];
  for (const position of NUMERIC_POSITIONS) {
    const letterIndex = OMOCODIA_LETTERS.indexOf(code.charAt(position));
    if (letterIndex >= 0) {
      characters[position] = String(letterIndex);
    }
  }
  return characters.join("");
}

function checkCharOf(first15: string): string {
  let sum = 0;
  for (let index = 0; index < first15.length; index += 1) {
    const character = first15.charAt(index);
    const value = /[0-9]/.test(character) ? Number(character) : CHECK_ALPHABET.indexOf(character);
    // Places are counted from 1: index 0 is the first, odd, place.
    sum += index % 2 === 0 ? (ODD_PLACE_VALUES[value] ?? 0) : value;
  }
  return CHECK_ALPHABET.charAt(sum % 26);
}

function describeStructureFault(code: string): string {
  if (!/^[A-Z0-9]+$/.test(code)) {
    return "only letters and digits are allowed";
  }
  if (!/^[A-Z]{6}/.test(code)) {
    return "the first six characters (surname and name) must be letters";
  }
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z]/.test(code)) {
    return "characters 7-9 must be the birth year and the month letter";
  }
  if (!/^.{9}[0-9LMNPQRSTUV]{2}/.test(code)) {
    return "characters 10-11 must be the day of birth";
  }
  if (!/^.{11}[A-Z][0-9LMNPQRSTUV]{3}/.test(code)) {
    return "characters 12-15 must be the birth place code (a letter and three digits)";
  }
  return "the last character (check character) must be a letter";
}

function refuse(code: ErrorCode, params: ErrorParams): Outcome {
  return { ok: false, code, params };
}
