import { describe, expect, it } from "vitest";
import { formatPdfDate, parsePdfDate } from "./pdf-date.js";

describe("PDF dates", () => {
  it("writes UTC and reads it back to the second", () => {
    const date = new Date("2026-03-04T05:06:07.890Z");
    expect(formatPdfDate(date)).toBe("D:20260304050607+00'00'");
    expect(parsePdfDate(formatPdfDate(date))?.toISOString()).toBe("2026-03-04T05:06:07.000Z");
  });

  it.each([
    ["D:20260304070607+02'00'", "2026-03-04T05:06:07.000Z"],
    ["D:20260304003000-05'30", "2026-03-04T06:00:00.000Z"],
    ["D:20260304050607Z", "2026-03-04T05:06:07.000Z"],
    ["D:2026", "2026-01-01T00:00:00.000Z"],
  ])("reads %s", (text, iso) => {
    expect(parsePdfDate(text)?.toISOString()).toBe(iso);
  });

  it.each(["", "20260304", "D:26", "D:2026-03-04", "D:20261399999999"])("refuses %j", (text) => {
    expect(parsePdfDate(text)).toBeUndefined();
  });
});
