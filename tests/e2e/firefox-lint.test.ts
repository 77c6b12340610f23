import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const extensionDir = fileURLToPath(new URL("../../extension/", import.meta.url));

interface LinterReport {
  summary: { errors: number; warnings: number };
  errors: { code: string; message: string; file?: string }[];
  warnings: { code: string }[];
}

/**
 * Mozilla's addons-linter (what addons.mozilla.org runs) on both Firefox builds: no errors. The one
 * accepted warning is UNSAFE_VAR_ASSIGNMENT, raised by Preact's own DOM code, not by ours.
 */
describe.each(["firefox-mv2", "firefox-mv3"])("addons-linter on the %s build", (build) => {
  it("reports no errors", () => {
    const run = spawnSync("npx", ["addons-linter", "--self-hosted", "--output", "json", `.output/${build}`], {
      cwd: extensionDir,
      encoding: "utf8",
      timeout: 120_000,
    });
    const report = JSON.parse(run.stdout) as LinterReport;
    expect(report.errors).toEqual([]);
    expect(
      report.warnings.map((warning) => warning.code).filter((code) => code !== "UNSAFE_VAR_ASSIGNMENT"),
    ).toEqual([]);
  });
});
