import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/build-deb.js";

const fake = mkdtempSync(join(tmpdir(), "cns-stage-"));
afterAll(() => rmSync(fake, { recursive: true, force: true }));

/** installers/stage-agent.mjs's bundleIsFresh on the fake repository (plain JS: run by node). */
function bundleIsFresh(): boolean {
  const module = pathToFileURL(join(repoRoot, "installers", "stage-agent.mjs")).href;
  const run = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { bundleIsFresh } from "${module}"; console.log(bundleIsFresh(process.argv[1]));`,
      fake,
    ],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim() === "true";
}

function touch(path: string, secondsAgo: number): void {
  mkdirSync(join(fake, path, ".."), { recursive: true });
  writeFileSync(join(fake, path), "");
  const when = Date.now() / 1000 - secondsAgo;
  utimesSync(join(fake, path), when, when);
}

describe("which agent bundle the installers ship", () => {
  it("none when there is no bundle", () => {
    expect(bundleIsFresh()).toBe(false);
  });

  it("the bundle when it is not older than the last tsc builds of agent and shared", () => {
    touch("agent/tsconfig.tsbuildinfo", 60);
    touch("shared/tsconfig.tsbuildinfo", 50);
    touch("agent/dist/bundle/cns-agent.cjs", 10);
    expect(bundleIsFresh()).toBe(true);
  });

  it("not a bundle older than a later build (it would run stale code once installed)", () => {
    touch("shared/tsconfig.tsbuildinfo", 1);
    expect(bundleIsFresh()).toBe(false);
  });
});
