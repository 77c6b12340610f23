import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";
import { mod93CheckDigits } from "./check-digits.js";

/**
 * The Numero Avviso (NAV) is 18 digits: an aux digit, then a layout that depends on it
 * (pagoPA "Specifiche attuative dei codici identificativi di versamento"):
 * - aux 0: application code (2) + IUV of 15 = IUV base (13) + check (2), check over `0‖app‖base`
 * - aux 1: IUV of 17 digits, no check digits
 * - aux 2: IUV of 17 = IUV base (15) + check (2), check over `2‖base`
 * - aux 3: IUV of 17 = segregation code (2) + IUV base (13) + check (2), check over `3‖seg‖base`
 * New notices are built with aux 3 only; 0/1/2 are parsed because older notices still circulate.
 */
export type AuxDigit = 0 | 1 | 2 | 3;

export interface ParsedNoticeNumber {
  readonly noticeNumber: string;
  readonly auxDigit: AuxDigit;
  /** The Identificativo Univoco di Versamento: the NAV without aux digit and application code. */
  readonly iuv: string;
  /** Aux 0 only: the creditor's application code. */
  readonly applicationCode?: string;
  /** Aux 3 only: the segregation code the creditor gave the issuing application. */
  readonly segregationCode?: string;
  /** Absent for aux 1, whose IUV carries no check digits. */
  readonly checkDigits?: string;
}

const NOTICE_NUMBER = /^[0-9]{18}$/;

/** Parses and checks a NAV; throws a coded error naming what is wrong. */
export function parseNoticeNumber(value: unknown): ParsedNoticeNumber {
  if (typeof value !== "string") {
    throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_INVALID", { detail: "not a string" });
  }
  if (!NOTICE_NUMBER.test(value)) {
    throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_INVALID", {
      detail: "18 digits 0-9 expected, no spaces",
    });
  }
  const auxDigit = Number(value[0]);
  switch (auxDigit) {
    case 0:
      return checked(value, 0, { applicationCode: value.slice(1, 3), iuv: value.slice(3) });
    case 1:
      return { noticeNumber: value, auxDigit: 1, iuv: value.slice(1) };
    case 2:
      return checked(value, 2, { iuv: value.slice(1) });
    case 3:
      return checked(value, 3, { segregationCode: value.slice(1, 3), iuv: value.slice(1) });
    default:
      throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_INVALID", {
        detail: `aux digit ${value[0] ?? ""} is not 0, 1, 2 or 3`,
      });
  }
}

function checked(
  noticeNumber: string,
  auxDigit: AuxDigit,
  parts: { iuv: string; applicationCode?: string; segregationCode?: string },
): ParsedNoticeNumber {
  const expected = mod93CheckDigits(noticeNumber.slice(0, 16));
  const found = noticeNumber.slice(16);
  if (expected !== found) {
    throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_CHECK_DIGITS", { expected, found });
  }
  return { noticeNumber, auxDigit, checkDigits: found, ...parts };
}

/** True when `nav` is a well-formed notice number with any aux digit (0, 1, 2, 3). */
export function isValidNoticeNumber(nav: string): boolean {
  try {
    parseNoticeNumber(nav);
    return true;
  } catch {
    return false;
  }
}

export interface NoticeNumberParts {
  /** Two digits, "00".."99" (a number 0..99 is padded). */
  readonly segregationCode: string | number;
  /** Thirteen digits, as a string: such numbers do not fit safely in a JavaScript number. */
  readonly iuvBase: string;
}

/** Builds an aux-digit-3 notice number: `3‖segregation‖base‖check`. */
export function buildNoticeNumber({ segregationCode, iuvBase }: NoticeNumberParts): string {
  const segregation = normalizeSegregationCode(segregationCode);
  if (typeof iuvBase !== "string" || !/^[0-9]{13}$/.test(iuvBase)) {
    throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_PARTS_INVALID", {
      detail: "the IUV base must be a string of 13 digits",
    });
  }
  const body = `3${segregation}${iuvBase}`;
  return body + mod93CheckDigits(body);
}

function normalizeSegregationCode(value: unknown): string {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 99) {
    return value.toString().padStart(2, "0");
  }
  if (typeof value === "string" && /^[0-9]{2}$/.test(value)) {
    return value;
  }
  throw new CnsBridgeError("PAGOPA_NOTICE_NUMBER_PARTS_INVALID", {
    detail: "the segregation code must be two digits (00-99)",
  });
}

/** Groups a NAV as printed on the avviso: `3022 0115 1398 5741 81`. */
export function formatNoticeNumber(nav: string): string {
  return nav.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** Schema for a notice number field at a boundary: format and check digits. */
export const noticeNumberSchema = z
  .string()
  .refine(isValidNoticeNumber, { message: "not a valid pagoPA notice number (NAV)" });
