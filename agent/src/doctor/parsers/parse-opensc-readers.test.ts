import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOpenscAtr, parseOpenscReaders } from "./parse-opensc-readers.js";

const recorded = (name: string): string =>
  readFileSync(new URL(`./recorded/${name}`, import.meta.url), "utf8");

describe("parseOpenscReaders", () => {
  it("reads the readers of pcscd + vpcd, one with a card", () => {
    expect(parseOpenscReaders(recorded("opensc-tool-l-vpcd.txt"))).toEqual([
      { index: 0, name: "Virtual PCD 00 00", cardPresent: true, features: "" },
      { index: 1, name: "Virtual PCD 00 01", cardPresent: false, features: "" },
    ]);
  });

  it("keeps the Features column apart from a long reader name", () => {
    const [first, second] = parseOpenscReaders(recorded("opensc-tool-l-pinpad.constructed.txt"));
    expect(first).toEqual({
      index: 0,
      name: "Cherry GmbH SmartTerminal ST-2xxx [Vendor Interface] (21121010102014) 00 00",
      cardPresent: true,
      features: "PIN pad",
    });
    expect(second?.name).toBe("Alcor Micro AU9540 01 00");
  });

  it("gives no reader when none is found or the output is foreign", () => {
    expect(parseOpenscReaders(recorded("opensc-tool-l-none.txt"))).toEqual([]);
    expect(parseOpenscReaders("")).toEqual([]);
    expect(parseOpenscReaders("0    Yes             headerless row")).toEqual([]);
    expect(parseOpenscReaders("Nr.  Card  Features  Name\n0    Yes   \nx    Yes   Name")).toEqual([]);
    expect(parseOpenscReaders("\u0000".repeat(10_000))).toEqual([]);
  });
});

describe("parseOpenscAtr", () => {
  it("reads the ATR as upper-case spaced hex", () => {
    expect(parseOpenscAtr(recorded("opensc-tool-a-card.txt"))).toBe(
      "3B FF 18 00 FF 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 8A",
    );
  });

  it("gives null without a card or on broken output", () => {
    expect(parseOpenscAtr(recorded("opensc-tool-a-nocard.txt"))).toBeNull();
    expect(parseOpenscAtr("3b:ff:1")).toBeNull();
    expect(parseOpenscAtr("3b")).toBeNull();
    expect(parseOpenscAtr(`${"3b:".repeat(40)}3b`)).toBeNull();
  });
});
