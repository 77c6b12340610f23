import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestPki, testPkiDir } from "./index.js";

/** A state dir of its own: this file builds a whole test PKI, away from the shared one. */
let stateDir: string;
const sharedStateDir = process.env.CNS_BRIDGE_STATE_DIR;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "pki-ensure-"));
  process.env.CNS_BRIDGE_STATE_DIR = stateDir;
});
afterAll(async () => {
  if (sharedStateDir === undefined) delete process.env.CNS_BRIDGE_STATE_DIR;
  else process.env.CNS_BRIDGE_STATE_DIR = sharedStateDir;
  await rm(stateDir, { recursive: true, force: true });
});

describe("ensureTestPki", () => {
  it("builds once for concurrent callers, clearing what a killed build left", async () => {
    expect(testPkiDir()).toBe(join(stateDir, "pki"));
    await mkdir(join(stateDir, "pki.building-4194304999"));
    await mkdir(join(stateDir, "pki.old-4194304999"));
    const [first, second] = await Promise.all([ensureTestPki(), ensureTestPki()]);
    expect(second.madeAt).toBe(first.madeAt);
    expect(second.tokens["holder-rsa"]?.serial).toBe(first.tokens["holder-rsa"]?.serial);
    expect((await readdir(stateDir)).sort()).toEqual(["pki"]);
  });

  it("rebuilds when the state is broken, and only then", async () => {
    const made = await ensureTestPki();
    expect((await ensureTestPki()).madeAt).toBe(made.madeAt);
    await rm(join(stateDir, "pki", "tokens"), { recursive: true });
    const remade = await ensureTestPki();
    expect(remade.madeAt).toBeGreaterThan(made.madeAt);
    expect(remade.tokens["holder-rsa"]?.serial).not.toBe(made.tokens["holder-rsa"]?.serial);
  });
});
