import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../errors/index.js";
import { parseAmountCents } from "./amount.js";
import { parseCreditorFiscalCode } from "./creditor-fiscal-code.js";
import { parseDebtPosition } from "./debt-position.js";
import { parseNoticeNumber } from "./notice-number.js";
import { parsePaymentNotice } from "./payment-notice.js";
import { parsePaymentQrPayload } from "./payment-qr.js";
import { parseSendReceiptRequest } from "./receipt.js";

/** Every parser either returns or throws a coded CnsBridgeError: never a TypeError, never a hang. */
const parsers: [string, (value: unknown) => unknown][] = [
  ["parseNoticeNumber", parseNoticeNumber],
  ["parseCreditorFiscalCode", parseCreditorFiscalCode],
  ["parseAmountCents", parseAmountCents],
  ["parsePaymentQrPayload", parsePaymentQrPayload],
  ["parsePaymentNotice", parsePaymentNotice],
  ["parseDebtPosition", parseDebtPosition],
  ["parseSendReceiptRequest", parseSendReceiptRequest],
];

function onlyCodedErrors(parse: (value: unknown) => unknown, value: unknown): void {
  try {
    parse(value);
  } catch (error) {
    if (!isCnsBridgeError(error)) throw error;
  }
}

describe.each(parsers)("%s on hostile input", (_name, parse) => {
  it("survives arbitrary values", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => onlyCodedErrors(parse, value)),
      { numRuns: 300 },
    );
  });

  it("survives arbitrary strings, digits and JSON", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9|]{0,40}$/), fc.jsonValue()), (value) =>
        onlyCodedErrors(parse, value),
      ),
      { numRuns: 300 },
    );
  });

  it("survives deep nesting and huge strings", () => {
    let deep: unknown = "x";
    for (let level = 0; level < 5_000; level += 1) deep = { receipt: deep, notice: [deep] };
    for (const value of [
      deep,
      "9".repeat(1_000_000),
      { __proto__: { noticeNumber: "322201151398574181" } },
    ]) {
      expect(() => onlyCodedErrors(parse, value)).not.toThrow();
    }
  });
});
