import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "./all-checks.js";

const checksDir = new URL("./checks/", import.meta.url);

describe("ALL_CHECKS", () => {
  it("has unique ids, each in its own area prefix", () => {
    const ids = ALL_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of ALL_CHECKS) expect(check.id.split(".")[0]).toBe(check.area);
  });

  it("runs every check file: each file exporting a DoctorCheck is listed", () => {
    const listed = readFileSync(new URL("./all-checks.ts", import.meta.url), "utf8");
    const files = readdirSync(checksDir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
    for (const file of files) {
      const source = readFileSync(new URL(file, checksDir), "utf8");
      if (/export const \w+: DoctorCheck\b/.test(source)) {
        expect(listed, file).toContain(`./checks/${file.replace(/\.ts$/, ".js")}`);
      }
    }
  });
});
