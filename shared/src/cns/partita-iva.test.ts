import { describe, expect, it } from "vitest";
import { computePartitaIvaCheckDigit, isValidPartitaIva, parsePartitaIva } from "./partita-iva.js";
import vectors from "./vectors/partite-iva.json" with { type: "json" };

describe("partita IVA", () => {
  it.each(vectors.valid)("accepts $input ($description)", ({ input, expected }) => {
    expect(isValidPartitaIva(input)).toBe(true);
    expect(parsePartitaIva(input)).toEqual(expected);
  });

  it.each(vectors.invalid)("refuses $input with $code ($description)", ({ input, code }) => {
    expect(isValidPartitaIva(input)).toBe(false);
    expect(() => parsePartitaIva(input)).toThrow(expect.objectContaining({ code }));
  });

  it("computes the check digit of every valid vector", () => {
    for (const { expected } of vectors.valid) {
      const number = expected.partitaIva;
      expect(computePartitaIvaCheckDigit(number.slice(0, 10))).toBe(number.slice(10));
    }
    expect(() => computePartitaIvaCheckDigit("123")).toThrow(
      expect.objectContaining({ code: "PIVA_BAD_LENGTH" }),
    );
    expect(() => computePartitaIvaCheckDigit("12345678x0")).toThrow(
      expect.objectContaining({ code: "PIVA_BAD_FORMAT" }),
    );
  });

  it("turns hostile values into coded errors, never a TypeError", () => {
    for (const value of [null, undefined, 743110157, {}, ["00743110157"], "٠٠٧٤٣١١٠١٥٧"] as unknown[]) {
      expect(() => parsePartitaIva(value)).toThrow(expect.objectContaining({ name: "CnsBridgeError" }));
      expect(isValidPartitaIva(value as string)).toBe(false);
    }
  });
});
