// `npm test`: set the machine up, build, lint, type-check, run every test, and end with the
// line `N passed, N failed` (`, N skipped` when some were skipped).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNodeModules } from "./ensure-system.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const extraArgs = process.argv.slice(2);

ensureDebianPackages();
ensureNodeModules();

let passed = 0;
let failed = 0;
let skipped = 0;

/** A gate is a whole-repository check (build, lint, types) counted as one test. */
function gate(name, command, args) {
  console.log(`\n[test] ${name}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  if (result.status === 0) {
    passed += 1;
    return true;
  }
  failed += 1;
  console.error(`[test] ${name} FAILED`);
  return false;
}

const built = gate("build", "npx", ["tsc", "-b", "shared", "agent"]);
// The extension (Chrome MV3, Firefox MV2 and MV3) is built here so the e2e tests load this build.
const extensionBuilt =
  built && gate("build extension", "npm", ["run", "--silent", "build", "-w", "extension"]);
if (extensionBuilt) gate("typecheck extension", "npx", ["tsc", "--noEmit", "-p", "extension"]);
gate("lint", "npm", ["run", "--silent", "lint"]);
gate("typecheck", "npx", ["tsc", "-p", "tests/tsconfig.json"]);

/** One vitest run with a JSON report, its counts added to the total (a run without a report is a failure). */
function vitestRun(label, args, env) {
  const report = `${repoRoot}/tests/artifacts/${label}-report.json`;
  rmSync(report, { force: true });
  console.log(`\n[test] ${label}`);
  spawnSync(
    "npx",
    [
      "vitest",
      "run",
      "--config",
      "tests/vitest.config.ts",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...args,
    ],
    { cwd: repoRoot, stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0", ...env } },
  );
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    skipped += summary.numPendingTests + summary.numTodoTests;
    // A suite that failed to load has no tests counted: count it as a failure.
    failed += summary.testResults.filter(
      (file) => file.status === "failed" && file.assertionResults.length === 0,
    ).length;
  } else {
    console.error(`[test] ${label} produced no report`);
    failed += 1;
  }
}

if (built) {
  mkdirSync(`${repoRoot}/tests/artifacts`, { recursive: true });
  // Every log the suites write lands here (tests/support/test-logs.ts); the final checks scan it.
  const logDir = `${repoRoot}/tests/artifacts/logs`;
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const logEnv = { CNS_BRIDGE_TEST_LOG_DIR: logDir };
  vitestRun("vitest", extraArgs, logEnv);
  // After every other suite: tests/final (the whole-suite log scan).
  vitestRun("final-checks", [], { ...logEnv, CNS_BRIDGE_FINAL_CHECKS: "1" });
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
