import { describe, expect, it } from "vitest";
import { euroCentsToDecimal, formatEuroCents, MAX_AMOUNT_CENTS, parseAmountCents } from "./amount.js";

describe("amounts in euro cents", () => {
  it("formats in Italian and in pagoPA's decimal notation", () => {
    expect(formatEuroCents(5400)).toBe("54,00");
    expect(formatEuroCents(1)).toBe("0,01");
    expect(formatEuroCents(123456789)).toBe("1.234.567,89");
    expect(euroCentsToDecimal(5400)).toBe("54.00");
    expect(euroCentsToDecimal(MAX_AMOUNT_CENTS)).toBe("999999999.99");
  });

  it("refuses floats, zero, negatives, huge numbers and non-numbers", () => {
    for (const hostile of [
      54.0001,
      0,
      -100,
      MAX_AMOUNT_CENTS + 1,
      Number.NaN,
      Infinity,
      "5400",
      null,
      5400n,
    ]) {
      expect(() => parseAmountCents(hostile)).toThrow(
        expect.objectContaining({ code: "PAGOPA_AMOUNT_INVALID" }),
      );
    }
  });
});
