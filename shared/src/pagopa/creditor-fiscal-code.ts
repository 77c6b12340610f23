import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";

/**
 * A creditor (ente creditore) is identified on pagoPA by its 11-digit fiscal code, which follows
 * the partita IVA rules: a 7-digit serial that is not all zeros, a 3-digit office code
 * (001-100, 120, 121, 888 or 999) and a Luhn-style check digit.
 */
export function parseCreditorFiscalCode(value: unknown): string {
  if (typeof value !== "string" || !/^[0-9]{11}$/.test(value)) {
    throw new CnsBridgeError("PAGOPA_CREDITOR_FISCAL_CODE_INVALID", { detail: "11 digits expected" });
  }
  if (/^0{7}/.test(value)) {
    throw new CnsBridgeError("PAGOPA_CREDITOR_FISCAL_CODE_INVALID", { detail: "the serial is all zeros" });
  }
  const office = value.slice(7, 10);
  if (!(("001" <= office && office <= "100") || ["120", "121", "888", "999"].includes(office))) {
    throw new CnsBridgeError("PAGOPA_CREDITOR_FISCAL_CODE_INVALID", {
      detail: `office code ${office} does not exist`,
    });
  }
  const expected = partitaIvaCheckDigit(value.slice(0, 10));
  if (value.slice(10) !== expected) {
    throw new CnsBridgeError("PAGOPA_CREDITOR_FISCAL_CODE_INVALID", { detail: "wrong check digit" });
  }
  return value;
}

export function isValidCreditorFiscalCode(value: string): boolean {
  try {
    parseCreditorFiscalCode(value);
    return true;
  } catch {
    return false;
  }
}

/** Digits in odd places count as they are, digits in even places doubled (minus 9 above 9). */
function partitaIvaCheckDigit(firstTen: string): string {
  let sum = 0;
  for (let index = 0; index < firstTen.length; index += 1) {
    const digit = Number(firstTen[index]);
    if (index % 2 === 0) {
      sum += digit;
    } else {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return ((10 - (sum % 10)) % 10).toString();
}

export const creditorFiscalCodeSchema = z
  .string()
  .refine(isValidCreditorFiscalCode, { message: "not a valid creditor fiscal code (partita IVA rules)" });
