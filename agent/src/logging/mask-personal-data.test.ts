import { describe, expect, it } from "vitest";
import { maskCodiciFiscaliInText, redactForLog } from "./mask-personal-data.js";

describe("redactForLog", () => {
  it("removes secrets by key at any depth", () => {
    const out = redactForLog(
      { type: "token.login", pin: "12345678", nested: { passphrase: "Segreta123", list: [{ PIN: "0000" }] } },
      { maskPersonalData: true },
    );
    expect(JSON.stringify(out)).not.toMatch(/12345678|Segreta123|0000/);
    expect(out).toMatchObject({ type: "token.login", pin: "[redacted]" });
  });

  it("masks codici fiscali inside free text, omocodes and lowercase included", () => {
    const text = "firma di RSSMRA80A01H501U e di rssmra80a01h50mu (CN=RSSMRA80A01H501U/1234.abc)";
    const masked = maskCodiciFiscaliInText(text);
    expect(masked).not.toMatch(/RSSMRA80A01H501U|rssmra80a01h50mu/);
    expect(masked).toContain("RSS***********1U");
  });

  it("keeps codici fiscali when personal data debugging is asked for", () => {
    expect(redactForLog("RSSMRA80A01H501U", { maskPersonalData: false })).toBe("RSSMRA80A01H501U");
  });

  it("does not mask words that only look long", () => {
    expect(maskCodiciFiscaliInText("PROTOCOL_BAD_MESSAGE 1234567890123456")).toBe(
      "PROTOCOL_BAD_MESSAGE 1234567890123456",
    );
  });

  it("summarizes binary content instead of logging it", () => {
    expect(redactForLog({ doc: new Uint8Array(10) }, { maskPersonalData: true })).toEqual({
      doc: "[10 bytes]",
    });
  });
});
