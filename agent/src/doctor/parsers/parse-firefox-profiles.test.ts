import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFirefoxProfilesIni } from "./parse-firefox-profiles.js";

describe("parseFirefoxProfilesIni", () => {
  it("reads relative and absolute profiles, skipping Install and General sections", () => {
    const text = readFileSync(new URL("./recorded/firefox-profiles.ini", import.meta.url), "utf8");
    expect(parseFirefoxProfilesIni(text)).toEqual([
      { name: "default", path: "wxyz9876.default", isRelative: true },
      { name: "default-esr", path: "abcd1234.default-esr", isRelative: true },
      { name: "lavoro", path: "/srv/firefox/lavoro", isRelative: false },
    ]);
  });

  it("ignores sections without a path and foreign text", () => {
    expect(parseFirefoxProfilesIni("[Profile0]\nName=x\n")).toEqual([]);
    expect(parseFirefoxProfilesIni("Path=/etc\n[General]\nPath=/x")).toEqual([]);
    expect(parseFirefoxProfilesIni("[Profile0\nPath=/x")).toEqual([]);
    expect(parseFirefoxProfilesIni("[Profile0]\r\nPath=p\r\n")).toEqual([
      { name: "p", path: "p", isRelative: true },
    ]);
  });
});
