import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, ensureConfigFile } from "../../agent/src/first-run/ensure-config.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("first run: config file", () => {
  it("creates the config with defaults (and its directory) when missing", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-run-"));
    const path = join(dir, "cns-bridge", "config.json");
    expect(await ensureConfigFile(path)).toBe(true);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(DEFAULT_CONFIG);
  });

  it("keeps an existing config byte for byte (updates keep the config)", async () => {
    dir = await mkdtemp(join(tmpdir(), "cns-first-run-"));
    const path = join(dir, "config.json");
    const mine = '{"modulePath":"/opt/x.so","port":40000}';
    await writeFile(path, mine);
    expect(await ensureConfigFile(path)).toBe(false);
    expect(await readFile(path, "utf8")).toBe(mine);
  });
});
