import { describe, expect, it } from "vitest";
import {
  computeCodiceFiscaleCheckChar,
  isValidCodiceFiscale,
  maskCodiceFiscale,
  parseCodiceFiscale,
} from "./codice-fiscale.js";
import vectors from "./vectors/codici-fiscali.json" with { type: "json" };

describe("codice fiscale", () => {
  it.each(vectors.valid)("accepts $input ($description)", ({ input, expected }) => {
    expect(isValidCodiceFiscale(input)).toBe(true);
    expect(parseCodiceFiscale(input)).toEqual(expected);
  });

  it.each(vectors.invalid)("refuses $input with $code ($description)", ({ input, code }) => {
    expect(isValidCodiceFiscale(input)).toBe(false);
    expect(() => parseCodiceFiscale(input)).toThrow(expect.objectContaining({ code }));
  });

  it("computes the check character of every valid vector", () => {
    for (const { expected } of vectors.valid) {
      const code = expected.codiceFiscale;
      expect(computeCodiceFiscaleCheckChar(code.slice(0, 15))).toBe(code.slice(15));
      expect(computeCodiceFiscaleCheckChar(code.slice(0, 15).toLowerCase())).toBe(code.slice(15));
    }
  });

  it("refuses a wrong prefix for the check character", () => {
    expect(() => computeCodiceFiscaleCheckChar("RSSMRA80A01H50")).toThrow(
      expect.objectContaining({ code: "CF_BAD_LENGTH" }),
    );
    expect(() => computeCodiceFiscaleCheckChar("RSSMRA80A01H50!")).toThrow(
      expect.objectContaining({ code: "CF_BAD_FORMAT" }),
    );
  });

  it("turns hostile values into coded errors, never a TypeError", () => {
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      {},
      ["RSSMRA80A01H501U"],
      "\u0000".repeat(16),
      "Ä".repeat(16),
    ];
    for (const value of hostile) {
      expect(() => parseCodiceFiscale(value)).toThrow(expect.objectContaining({ name: "CnsBridgeError" }));
      expect(isValidCodiceFiscale(value as string)).toBe(false);
    }
    expect(isValidCodiceFiscale("R".repeat(1_000_000))).toBe(false);
  });

  it("keeps the refused value out of the error message", () => {
    for (const { input } of vectors.invalid) {
      try {
        parseCodiceFiscale(input);
      } catch (error) {
        const text = JSON.stringify(error) + String(error);
        if (input.trim().length > 3) {
          expect(text).not.toContain(input.trim().toUpperCase());
        }
      }
    }
  });
});

describe("maskCodiceFiscale", () => {
  it("keeps the first three and the last two characters", () => {
    expect(maskCodiceFiscale("RSSMRA80A01H501U")).toBe("RSS***********1U");
    expect(maskCodiceFiscale(" RSSMRA80A01H501U ")).toBe("RSS***********1U");
  });

  it("masks short fragments entirely", () => {
    expect(maskCodiceFiscale("RSSMRA8")).toBe("*******");
    expect(maskCodiceFiscale("")).toBe("*");
  });
});
