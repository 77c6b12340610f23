import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseModutilList, parsePkcs11Txt } from "./parse-nss-modules.js";

const recorded = (name: string): string =>
  readFileSync(new URL(`./recorded/${name}`, import.meta.url), "utf8");

describe("parseModutilList", () => {
  it("reads the internal module and a registered OpenSC module", () => {
    expect(parseModutilList(recorded("modutil-list-opensc.txt"))).toEqual([
      { name: "NSS Internal PKCS #11 Module", library: null, status: "loaded" },
      { name: "CNS (OpenSC)", library: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", status: "loaded" },
    ]);
  });

  it("reads a database with only the internal module", () => {
    expect(parseModutilList(recorded("modutil-list-empty.txt")).map((module) => module.name)).toEqual([
      "NSS Internal PKCS #11 Module",
    ]);
  });

  it("gives nothing for an error or foreign text, and bounds a huge listing", () => {
    expect(parseModutilList("modutil: function failed: SEC_ERROR_BAD_DATABASE")).toEqual([]);
    expect(parseModutilList("library name: /x.so\nstatus: loaded")).toEqual([]);
    const many = Array.from({ length: 1000 }, (_, index) => `  ${index % 999}. M${index}`).join("\n");
    expect(parseModutilList(many)).toHaveLength(256);
  });
});

describe("parsePkcs11Txt", () => {
  it("reads module names and libraries", () => {
    expect(parsePkcs11Txt(recorded("nssdb-pkcs11-txt-opensc.txt"))).toEqual([
      { name: "NSS Internal PKCS #11 Module", library: null },
      { name: "CNS (OpenSC)", library: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so" },
    ]);
  });

  it("reads CRLF files and ignores blocks without a name", () => {
    expect(parsePkcs11Txt("library=/a.so\r\nname=A\r\n\r\nlibrary=/b.so\r\n")).toEqual([
      { name: "A", library: "/a.so" },
    ]);
    expect(parsePkcs11Txt("")).toEqual([]);
    expect(parsePkcs11Txt("=\n==\nname")).toEqual([]);
  });
});
