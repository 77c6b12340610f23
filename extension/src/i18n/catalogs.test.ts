import { afterEach, describe, expect, it } from "vitest";
import english from "../../public/_locales/en/messages.json";
import italian from "../../public/_locales/it/messages.json";
import { loadLanguage, setLanguage, t } from "./t.js";

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

describe("t() and the lazily loaded English catalog", () => {
  afterEach(() => setLanguage("it"));

  it("refuses to render English before it is loaded, then speaks it", async () => {
    setLanguage("en");
    expect(() => t("routeTitle")).toThrow(/loadLanguage/);
    await loadLanguage("en");
    expect(t("routeTitle")).toBe("Request a new device");
    setLanguage("it");
    expect(t("routeTitle")).toBe("Richiedi nuovo dispositivo");
  });
});
