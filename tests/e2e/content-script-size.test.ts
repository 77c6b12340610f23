import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const builds = ["chrome-mv3", "firefox-mv2", "firefox-mv3"] as const;

/** The content script runs in every page the holder opens: it must stay tiny and carry no schema library. */
describe.each(builds)("the %s content script", (build) => {
  const source = readFileSync(
    fileURLToPath(new URL(`../../extension/.output/${build}/content-scripts/page-api.js`, import.meta.url)),
  );

  it("is at most 12 KiB gzipped", () => {
    expect(gzipSync(source).length).toBeLessThanOrEqual(12 * 1024);
  });

  it("does not bundle zod nor the error catalog", () => {
    const text = source.toString("utf8");
    expect(text).not.toMatch(/ZodError|\$ZodType/);
    expect(text).not.toContain("PIN_INCORRECT");
  });
});
