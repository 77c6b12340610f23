import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/build-deb.js";

describe("installation guides", () => {
  it.each(["README.md", "installers/README.md"])("%s: every image it shows exists and is a PNG", (doc) => {
    const text = readFileSync(join(repoRoot, doc), "utf8");
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1] ?? "");
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) {
      const path = join(repoRoot, dirname(doc), image);
      expect(existsSync(path), image).toBe(true);
      expect(readFileSync(path).subarray(1, 4).toString("latin1"), image).toBe("PNG");
    }
  });
});
