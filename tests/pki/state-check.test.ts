import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestPki, type TestPkiManifest } from "./index.js";
import { MAX_STATE_AGE_DAYS, testPkiStateProblems } from "./state-check.js";

const DAY_MS = 86_400_000;
const shared = loadTestPki();
let copyDir: string;
let copy: TestPkiManifest;

/** A copy of the whole state dir with the manifest's paths moved into it, free to damage. */
beforeAll(async () => {
  copyDir = await mkdtemp(join(tmpdir(), "pki-state-check-"));
  const from = shared.softhsm2Conf.slice(0, -"/softhsm2.conf".length);
  await cp(from, copyDir, { recursive: true });
  copy = JSON.parse(JSON.stringify(shared).replaceAll(from, copyDir)) as TestPkiManifest;
});
afterAll(async () => {
  await rm(copyDir, { recursive: true, force: true });
});

describe("reusing a made test PKI", () => {
  it("finds nothing wrong with a fresh state", () => {
    expect(testPkiStateProblems(shared, shared.specHash)).toEqual([]);
    expect(testPkiStateProblems(copy, copy.specHash)).toEqual([]);
  });

  it("remakes it when the specs or the maker changed", () => {
    expect(testPkiStateProblems(copy, "another hash")).toEqual(["the specs or the maker changed"]);
  });

  it("remakes it when it is older than the validity dates allow, or from the future", () => {
    const made = copy.madeAt;
    expect(testPkiStateProblems(copy, copy.specHash, made + (MAX_STATE_AGE_DAYS + 1) * DAY_MS)).toEqual([
      `older than ${MAX_STATE_AGE_DAYS} days`,
    ]);
    expect(testPkiStateProblems(copy, copy.specHash, made - 2 * DAY_MS)).toEqual([
      "made in the future (clock changed)",
    ]);
  });

  it("remakes it when a certificate file or a token directory is gone", async () => {
    const certificate = copy.tokens["holder-rsa"]?.certificates.signature?.derPath ?? "";
    await rm(certificate);
    expect(testPkiStateProblems(copy, copy.specHash)).toEqual([`${certificate} is missing`]);
    await rm(join(copyDir, "tokens"), { recursive: true });
    const problems = testPkiStateProblems(copy, copy.specHash);
    expect(problems).toHaveLength(2);
    expect(problems[1]).toBe(
      `0 token directories in ${join(copyDir, "tokens")}, ${Object.keys(copy.tokens).length} expected`,
    );
  });
});
