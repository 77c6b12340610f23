import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUNDLE_BUDGETS,
  EXTENSION_OUTPUT,
  type EntryWeight,
  measureBuild,
} from "../support/bundle-sizes.mjs";

const KiB = 1024;

/**
 * Entries over issue 11's target, each with the reason and a ceiling that stops them from growing
 * further. The test also fails once one is back within its target, so the exception goes. None
 * today: every entry of every build holds its target.
 */
const OVER_BUDGET: Record<string, { ceiling: number; why: string }> = {};

const builds = ["chrome-mv3", "firefox-mv2", "firefox-mv3"] as const;

function checkBudget(entry: EntryWeight, budget: number): void {
  const over = OVER_BUDGET[entry.name];
  const measured = `${(entry.gzip / KiB).toFixed(1)} KiB`;
  if (over === undefined) {
    expect(entry.gzip, `${entry.name}: ${measured} (${entry.files.join(", ")})`).toBeLessThanOrEqual(budget);
    return;
  }
  expect(entry.gzip, `${entry.name}: ${measured}, over target because it ${over.why}`).toBeLessThanOrEqual(
    over.ceiling,
  );
  expect(entry.gzip, `${entry.name} is within its target now: remove it from OVER_BUDGET`).toBeGreaterThan(
    budget,
  );
}

/** What the browser loads at start for each entry of the built extension, gzip, against issue 11's targets. */
describe.each(builds)("the %s build's weight", (build) => {
  const dir = join(EXTENSION_OUTPUT, build);
  const measured = measureBuild(dir);
  const text = (files: readonly string[]) =>
    files.map((file) => readFileSync(join(dir, file), "utf8")).join("\n");

  it("has a content script of at most 12 KiB, loading nothing else", () => {
    expect(measured.contentScripts.length).toBeGreaterThan(0);
    for (const script of measured.contentScripts) {
      expect(script.files).toEqual([script.name]);
      checkBudget(script, BUNDLE_BUDGETS.contentScript);
    }
  });

  it("keeps the background within 40 KiB", () => {
    expect(measured.background.files.length).toBeGreaterThan(0);
    checkBudget(measured.background, BUNDLE_BUDGETS.background);
  });

  it("starts every extension page with at most 60 KiB of JavaScript", () => {
    expect(measured.pages.map((page) => page.name)).toEqual(
      expect.arrayContaining(["consent.html", "pin.html", "popup.html", "sign.html", "options.html"]),
    );
    for (const page of measured.pages) checkBudget(page, BUNDLE_BUDGETS.page);
  });

  it("loads pdf.js only when the consent window previews a PDF, from packaged files", () => {
    const consent = measured.pages.find((page) => page.name === "consent.html") as EntryWeight;
    expect(text(consent.files)).not.toContain("GlobalWorkerOptions");
    const lazy = consent.lazy.flatMap((chunk) => chunk.files);
    expect(lazy.some((file) => /pdf\.worker/.test(file))).toBe(true);
    expect(text(lazy)).toContain("GlobalWorkerOptions");
    for (const page of measured.pages) expect(text(page.files)).not.toContain("GlobalWorkerOptions");
    expect(text(measured.background.files)).not.toContain("GlobalWorkerOptions");
  });

  it("loads the signature verifier only when Verifica checks a file", () => {
    const sign = measured.pages.find((page) => page.name === "sign.html") as EntryWeight;
    // An OID only PKI.js's CMS code carries (id-signedData).
    const signedDataOid = "1.2.840.113549.1.7.2";
    expect(text(sign.files)).not.toContain(signedDataOid);
    expect(text(sign.lazy.flatMap((chunk) => chunk.files))).toContain(signedDataOid);
  });
});
