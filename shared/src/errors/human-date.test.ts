import { describe, expect, it } from "vitest";
import { CnsBridgeError } from "./cns-bridge-error.js";
import { formatHumanDate } from "./human-date.js";

describe("dates written for people", () => {
  it.each([
    ["2026-11-26", "it", "26 novembre 2026"],
    ["2026-11-26", "en", "26 November 2026"],
    ["2026-08-01", "it", "1 agosto 2026"],
    // A certificate's validity instant: its UTC calendar date.
    ["2026-08-10T23:59:59.000Z", "it", "10 agosto 2026"],
    ["2027-01-05T00:00:00Z", "en", "5 January 2027"],
  ] as const)("%s in %s is %j", (iso, language, human) => {
    expect(formatHumanDate(iso, language)).toBe(human);
  });

  it("takes a Date too", () => {
    expect(formatHumanDate(new Date("2026-03-01T00:00:00Z"), "it")).toBe("1 marzo 2026");
  });

  it.each(["data non indicata", "2026-02-31", "26/11/2026", ""])(
    "leaves %j unchanged rather than inventing a date",
    (value) => {
      expect(formatHumanDate(value, "it")).toBe(value);
    },
  );

  it("words the date params of error messages, keeping the ISO value in the params", () => {
    const expired = new CnsBridgeError("AUTH_TOKEN_CERTIFICATE_EXPIRED", { date: "2026-08-10" });
    expect(expired.messageIn("it")).toContain("è scaduto il 10 agosto 2026:");
    expect(expired.messageIn("en")).toContain("expired on 10 August 2026:");
    expect(expired.params.date).toBe("2026-08-10");
    const notYet = new CnsBridgeError("AUTH_TOKEN_CERTIFICATE_NOT_YET_VALID", {
      date: "2026-11-26T08:00:00.000Z",
    });
    expect(notYet.messageIn("it")).toContain("(dal 26 novembre 2026)");
    expect(notYet.messageIn("en")).toContain("(from 26 November 2026)");
    const invalid = new CnsBridgeError("SIGN_CERTIFICATE_NOT_VALID", {
      notBefore: "2023-01-02",
      notAfter: "2026-01-02",
    });
    expect(invalid.messageIn("it")).toContain("valido dal 2 gennaio 2023 al 2 gennaio 2026");
  });
});
