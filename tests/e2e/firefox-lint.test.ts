import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const extensionDir = fileURLToPath(new URL("../../extension/", import.meta.url));

interface LinterMessage {
  code: string;
  message: string;
  file?: string;
}

interface LinterReport {
  summary: { errors: number; warnings: number };
  errors: LinterMessage[];
  warnings: LinterMessage[];
}

/**
 * The warnings we accept, each where it comes from: Preact's own DOM code sets innerHTML (in the
 * shared page chunk), and pdf.js (the consent window's PDF preview, lazy chunk and worker) calls
 * `import()` on its worker's URL, a file packaged in the extension.
 */
const ACCEPTED_WARNINGS: { code: string; message: RegExp; file: RegExp }[] = [
  { code: "UNSAFE_VAR_ASSIGNMENT", message: /innerHTML/, file: /^chunks\/[\w-]+\.js$/ },
  { code: "UNSAFE_VAR_ASSIGNMENT", message: /call to import/, file: /^chunks\/pdfjs-packaged-[\w-]+\.js$/ },
  {
    code: "UNSAFE_VAR_ASSIGNMENT",
    message: /call to import/,
    file: /^assets\/pdf\.worker\.min-[\w-]+\.mjs$/,
  },
];

const accepted = (warning: LinterMessage) =>
  ACCEPTED_WARNINGS.some(
    (rule) =>
      rule.code === warning.code && rule.message.test(warning.message) && rule.file.test(warning.file ?? ""),
  );

/** Mozilla's addons-linter (what addons.mozilla.org runs) on both Firefox builds: no errors, no unexplained warning. */
describe.each(["firefox-mv2", "firefox-mv3"])("addons-linter on the %s build", (build) => {
  it("reports no errors", () => {
    const run = spawnSync("npx", ["addons-linter", "--self-hosted", "--output", "json", `.output/${build}`], {
      cwd: extensionDir,
      encoding: "utf8",
      timeout: 120_000,
    });
    const report = JSON.parse(run.stdout) as LinterReport;
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((warning) => !accepted(warning))).toEqual([]);
  });
});
