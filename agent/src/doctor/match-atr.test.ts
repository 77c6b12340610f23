import { describe, expect, it } from "vitest";
import { KNOWN_MODULES } from "../pkcs11/known-modules.js";
import { KNOWN_CNS_CARDS } from "./data/known-cns-cards.js";
import { atrBytes, matchAtr } from "./match-atr.js";

// ATRs as pcsc-tools' smartcard_list.txt records them for real cards.
const REAL_ATRS: [string, string][] = [
  ["3B FF 18 00 00 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 80 65", "incard-cns"],
  ["3B FF 18 00 FF 81 31 FE 55 00 6B 02 09 02 00 01 11 01 43 4E 53 11 31 80 8E", "incard-cns"],
  ["3B FF 96 00 00 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 80 EB", "incard-cns"],
  ["3B FF 18 00 00 81 31 FE 55 00 6B 02 09 05 03 01 01 01 43 4E 53 10 31 80 64", "bit4id-j-sign"],
  ["3B FC 98 00 FF C1 10 31 FE 55 C8 03 49 6E 66 6F 63 61 6D 65 72 65 28", "infocamere-cardos-m4"],
  ["3B FF 18 00 00 81 31 FE 45 00 6B 05 05 91 20 01 F1 01 43 4E 53 10 31 80 38", "idemia-id-one-cns"],
  ["3B 9F 11 81 31 FE 9F 00 6B 42 49 54 34 49 44 20 33 2E 30 00 90 00 CF", "bit4id-tokenme"],
  ["3B DF 18 00 81 31 FE 7D 00 6B 15 0C 01 80 01 11 01 43 4E 53 10 31 80 E9", "athena-cns"],
  ["3B FF 18 00 00 81 31 FE 45 00 6B 04 05 01 00 01 11 01 43 4E 53 10 31 80 69", "ts-cns-regional"],
];

describe("matchAtr", () => {
  it.each(REAL_ATRS)("recognizes %s as %s", (atr, id) => {
    expect(matchAtr(atr)?.id).toBe(id);
  });

  it("accepts opensc-tool's colon form and lower case", () => {
    expect(matchAtr("3b:ff:18:00:00:81:31:fe:55:00:6b:02:09:04:03:01:01:01:43:4e:53:10:31:80:65")?.id).toBe(
      "incard-cns",
    );
  });

  it("does not recognize other cards, shorter or longer ATRs, or garbage", () => {
    expect(matchAtr("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A")).toBeNull();
    expect(matchAtr("3B FF 18 00 00 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 80")).toBeNull();
    expect(
      matchAtr("3B FF 18 00 00 81 31 FE 55 00 6B 02 09 04 03 01 01 01 43 4E 53 10 31 80 65 00"),
    ).toBeNull();
    expect(matchAtr("")).toBeNull();
    expect(matchAtr("3B F")).toBeNull();
    expect(matchAtr("zz zz")).toBeNull();
    expect(matchAtr("3B".repeat(40))).toBeNull();
  });

  it("keeps every pattern well formed and every module id known", () => {
    const moduleIds = new Set(KNOWN_MODULES.map((module) => module.id));
    for (const card of KNOWN_CNS_CARDS) {
      expect(card.atrPattern, card.id).toMatch(/^([0-9A-F]{2}|\.\.)( ([0-9A-F]{2}|\.\.))*$/);
      expect(atrBytes(card.atrPattern.replace(/\.\./g, "00")), card.id).not.toBeNull();
      for (const id of card.modules) expect(moduleIds.has(id), `${card.id} -> ${id}`).toBe(true);
    }
  });
});
