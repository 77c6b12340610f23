import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// tests/final runs alone, after everything else (tests/harness/test.mjs starts it with this flag):
// it checks what the other suites left behind, such as their logs.
const finalRun = process.env.CNS_BRIDGE_FINAL_CHECKS === "1";

// One config for the whole repository: unit tests sit beside the code they test
// (shared/src, agent/src), integration and end-to-end tests live under tests/.
export default defineConfig({
  root,
  test: {
    include: finalRun
      ? ["tests/final/**/*.test.ts"]
      : [
          "shared/src/**/*.test.ts",
          "agent/src/**/*.test.ts",
          "extension/**/*.test.{ts,tsx}",
          "tests/**/*.test.ts",
        ],
    exclude: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.output/**",
      "**/.wxt/**",
      "tests/bench/**",
      ...(finalRun ? [] : ["tests/final/**"]),
    ],
    // Makes the test CNS (SoftHSM2 tokens + test CA) once, before any test file runs.
    globalSetup: ["tests/harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
