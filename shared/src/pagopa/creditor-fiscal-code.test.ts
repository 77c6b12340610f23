import { describe, expect, it } from "vitest";
import { isValidCreditorFiscalCode, parseCreditorFiscalCode } from "./creditor-fiscal-code.js";
import vectors from "./test-vectors/creditor-fiscal-codes.json" with { type: "json" };

describe("creditor fiscal code", () => {
  it.each(vectors.valid)("accepts %s", (value) => {
    expect(isValidCreditorFiscalCode(value)).toBe(true);
    expect(parseCreditorFiscalCode(value)).toBe(value);
  });

  it.each(vectors.invalid)("refuses $value: $reason", ({ value }) => {
    expect(isValidCreditorFiscalCode(value)).toBe(false);
    expect(() => parseCreditorFiscalCode(value)).toThrow(
      expect.objectContaining({ code: "PAGOPA_CREDITOR_FISCAL_CODE_INVALID" }),
    );
  });

  it("refuses values that are not strings", () => {
    for (const hostile of [null, 2438750586, {}, ["02438750586"]]) {
      expect(() => parseCreditorFiscalCode(hostile)).toThrow(
        expect.objectContaining({ code: "PAGOPA_CREDITOR_FISCAL_CODE_INVALID" }),
      );
    }
  });
});
