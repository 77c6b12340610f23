import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../errors/index.js";
import {
  buildNoticeNumber,
  formatNoticeNumber,
  isValidNoticeNumber,
  noticeNumberSchema,
  parseNoticeNumber,
} from "./notice-number.js";
import vectors from "./test-vectors/notice-numbers.json" with { type: "json" };

describe("notice numbers (NAV)", () => {
  it.each(vectors.valid)("accepts $noticeNumber ($source)", (vector) => {
    expect(isValidNoticeNumber(vector.noticeNumber)).toBe(true);
    const parsed = parseNoticeNumber(vector.noticeNumber);
    expect(parsed.auxDigit).toBe(vector.auxDigit);
    expect(parsed.iuv).toBe(vector.iuv);
    if ("segregationCode" in vector) expect(parsed.segregationCode).toBe(vector.segregationCode);
    if ("applicationCode" in vector) expect(parsed.applicationCode).toBe(vector.applicationCode);
  });

  it.each(vectors.invalid)("refuses $noticeNumber: $reason", (vector) => {
    expect(isValidNoticeNumber(vector.noticeNumber)).toBe(false);
    expect(() => parseNoticeNumber(vector.noticeNumber)).toThrow(
      expect.objectContaining({ code: vector.code }),
    );
  });

  it("rebuilds every published aux-3 example from its parts", () => {
    for (const vector of vectors.valid) {
      if (vector.auxDigit === 3 && vector.segregationCode !== undefined && vector.iuvBase !== undefined) {
        expect(buildNoticeNumber({ segregationCode: vector.segregationCode, iuvBase: vector.iuvBase })).toBe(
          vector.noticeNumber,
        );
      }
    }
    expect(buildNoticeNumber({ segregationCode: 1, iuvBase: "0000000000001" })).toBe("301000000000000144");
  });

  it("builds only valid numbers, and any single-digit change is caught", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.stringMatching(/^[0-9]{13}$/),
        fc.nat({ max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (segregationCode, iuvBase, position, delta) => {
          const nav = buildNoticeNumber({ segregationCode, iuvBase });
          expect(nav).toMatch(/^3[0-9]{17}$/);
          expect(isValidNoticeNumber(nav)).toBe(true);
          const changed =
            nav.slice(0, position) + ((Number(nav[position]) + delta) % 10) + nav.slice(position + 1);
          // Changing the aux digit to 1 leaves a number without check digits, valid by definition.
          if (position !== 0 || changed[0] !== "1") {
            expect(isValidNoticeNumber(changed)).toBe(false);
          }
        },
      ),
    );
  });

  it("refuses bad parts with a coded error", () => {
    const bad: unknown[][] = [
      [100, "0115139857418"],
      [-1, "0115139857418"],
      [1.5, "0115139857418"],
      ["2", "0115139857418"],
      ["022", "0115139857418"],
      [22, "115139857418"],
      [22, 115139857418],
      [22, "011513985741x"],
    ];
    for (const [segregationCode, iuvBase] of bad) {
      expect(() => buildNoticeNumber({ segregationCode, iuvBase } as never)).toThrow(
        expect.objectContaining({ code: "PAGOPA_NOTICE_NUMBER_PARTS_INVALID" }),
      );
    }
  });

  it("survives hostile input", () => {
    for (const hostile of [
      null,
      undefined,
      // The NAV as a number: it no longer fits a double, one more reason it must be a string.
      3.222011513985742e17,
      {},
      [],
      "3".repeat(100_000),
      "\u0000".repeat(18),
    ]) {
      let caught: unknown;
      try {
        parseNoticeNumber(hostile);
      } catch (error) {
        caught = error;
      }
      expect(isCnsBridgeError(caught, "PAGOPA_NOTICE_NUMBER_INVALID")).toBe(true);
    }
    expect(noticeNumberSchema.safeParse(42).success).toBe(false);
    expect(noticeNumberSchema.safeParse("322201151398574181").success).toBe(true);
  });

  it("groups the number as the avviso prints it", () => {
    expect(formatNoticeNumber("322201151398574181")).toBe("3222 0115 1398 5741 81");
  });
});
