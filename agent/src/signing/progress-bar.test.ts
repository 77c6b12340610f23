import { describe, expect, it } from "vitest";
import { progressBar } from "./progress-bar.js";

describe("progressBar", () => {
  it("draws the file number, a bar and the percentage, redrawn in place", () => {
    expect(progressBar(0, 3, "a.pdf", 0, 10)).toBe("\r[1/3] ----------   0% a.pdf");
    expect(progressBar(1, 3, "b.pdf", 0.5, 10)).toBe("\r[2/3] #####-----  50% b.pdf");
    expect(progressBar(2, 3, "c.pdf", 1, 10)).toBe("\r[3/3] ########## 100% c.pdf");
  });

  it("clamps impossible fractions", () => {
    expect(progressBar(0, 1, "x", 7, 4)).toContain("####");
    expect(progressBar(0, 1, "x", -1, 4)).toContain("----");
  });
});
