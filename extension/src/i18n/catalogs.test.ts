import { describe, expect, it } from "vitest";
import english from "../../public/_locales/en/messages.json";
import italian from "../../public/_locales/it/messages.json";

describe("the it and en catalogs", () => {
  it("have the same keys, every one with a message", () => {
    expect(Object.keys(english).sort()).toEqual(Object.keys(italian).sort());
    for (const catalog of [italian, english]) {
      for (const [key, entry] of Object.entries(catalog)) {
        expect(typeof (entry as { message?: unknown }).message, key).toBe("string");
        expect((entry as { message: string }).message.trim(), key).not.toBe("");
      }
    }
  });

  it("use key names the browsers accept (letters, digits, _ and @ only)", () => {
    for (const key of Object.keys(italian)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });

  it("use the same $n placeholders in both languages", () => {
    const placeholders = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort();
    for (const [key, entry] of Object.entries(italian)) {
      const translated = (english as Record<string, { message: string }>)[key]?.message ?? "";
      expect(placeholders(translated), key).toEqual(placeholders(entry.message));
    }
  });
});
