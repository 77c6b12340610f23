import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
let listing = "";

beforeAll(() => {
  // Own output dir: deb.test.ts builds the .deb in parallel in installers/.output.
  const env = { ...process.env, CNS_INSTALLERS_OUT: mkdtempSync(join(tmpdir(), "cns-win-")) };
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: root });
  execFileSync("node", ["installers/deb/build-deb.mjs"], { cwd: root, env });
  const exe =
    execFileSync("node", ["installers/windows/build-exe.mjs"], { cwd: root, env, encoding: "utf8" })
      .trim()
      .split("\n")
      .at(-1) ?? "";
  listing = execFileSync("7z", ["l", exe], { encoding: "utf8" });
}, 120_000);

describe("Windows NSIS installer", () => {
  it("contains the agent, its launcher, its modules and an uninstaller", () => {
    for (const name of [
      "cns-agent.cmd",
      "agent/dist/cli/main.js",
      "agent/bin/cns-agent",
      "node_modules/pkcs11js/",
      "uninstall.exe",
    ]) {
      expect(listing).toContain(name.replaceAll("/", listing.includes("agent\\dist") ? "\\" : "/"));
    }
  });
});
