import { describe, expect, it } from "vitest";
import { base64Schema, isBase64 } from "./fields.js";

/** RFC 4648 §4 with padding, as a plain (slow on large texts) pattern: the reference. */
const REFERENCE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe("isBase64", () => {
  it("agrees with the RFC 4648 pattern on every string of up to 6 characters over a mixed alphabet", () => {
    const alphabet = ["A", "z", "9", "+", "/", "=", "-", " "];
    let differences = 0;
    for (let length = 0; length <= 6; length += 1) {
      for (let n = 0; n < alphabet.length ** length; n += 1) {
        let text = "";
        for (let k = n, i = 0; i < length; i += 1, k = Math.floor(k / alphabet.length))
          text += alphabet[k % alphabet.length];
        if (isBase64(text) !== REFERENCE.test(text)) differences += 1;
      }
    }
    expect(differences).toBe(0);
  });

  it.each(["", "QUJD", "QUI=", "QQ==", "QUJDRA=="])("accepts %j", (text) => {
    expect(base64Schema.safeParse(text).success).toBe(true);
  });

  it.each(["QUJ", "Q===", "====", "QQ==QUJD", "QU=D", "QUJD\n", "QUJ-", "QUJ_"])("refuses %j", (text) => {
    expect(base64Schema.safeParse(text).success).toBe(false);
  });

  it("checks a 1 MiB chunk with one foreign character at the end", () => {
    const chunk = Buffer.alloc(1024 * 1024, 7).toString("base64");
    expect(isBase64(chunk)).toBe(true);
    expect(isBase64(`${chunk.slice(0, -4)}QU!D`)).toBe(false);
  });
});
