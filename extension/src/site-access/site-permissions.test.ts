import { beforeEach, describe, expect, it, vi } from "vitest";
import { isCnsBridgeError } from "@cns-bridge/shared";
import type { SiteDecision } from "../storage-items.js";
import { originOfSender } from "./origin-policy.js";
import { ensureSiteAllowed, forgetSite } from "./site-permissions.js";

/** The same contract as the storage item (getValue/setValue), held in memory. */
function memoryStore() {
  let value: Record<string, SiteDecision> = {};
  return {
    getValue: async () => value,
    setValue: async (next: Record<string, SiteDecision>) => {
      value = next;
    },
  };
}

describe("site permissions", () => {
  let store: ReturnType<typeof memoryStore>;
  beforeEach(() => {
    store = memoryStore();
  });

  it("asks once, remembers the answer, and asks again after a revocation in the options", async () => {
    const ask = vi.fn(async () => true);
    await ensureSiteAllowed("https://portale.example.it", store, ask);
    await ensureSiteAllowed("https://portale.example.it", store, ask);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(await store.getValue()).toEqual({ "https://portale.example.it": "allowed" });
    await forgetSite("https://portale.example.it", store);
    expect(await store.getValue()).toEqual({});
    await ensureSiteAllowed("https://portale.example.it", store, ask);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it("remembers a refusal so a site cannot ask again and again", async () => {
    const ask = vi.fn(async () => false);
    for (let i = 0; i < 3; i += 1) {
      const failure = await ensureSiteAllowed("https://altro.example", store, ask).catch((e: unknown) => e);
      expect(isCnsBridgeError(failure, "SITE_NOT_ALLOWED")).toBe(true);
    }
    expect(ask).toHaveBeenCalledTimes(1);
  });
});

describe("originOfSender", () => {
  it.each([
    ["https://portale.example.it/a/b?c#d", false, "https://portale.example.it"],
    ["https://portale.example.it:8443/", false, "https://portale.example.it:8443"],
    ["http://127.0.0.1:3000/x", true, "http://127.0.0.1:3000"],
    ["http://localhost/", true, "http://localhost"],
  ])("%s (developer mode %s) -> %s", (url, developerMode, origin) => {
    expect(originOfSender(url, developerMode)).toBe(origin);
  });

  it.each([
    ["http://portale.example.it/", true],
    ["http://127.0.0.1:3000/", false],
    ["http://127.0.0.2/", true],
    ["ftp://example.it/", true],
    ["data:text/html,x", true],
    ["not a url", true],
    [undefined, true],
  ])("refuses %s (developer mode %s)", (url, developerMode) => {
    expect(() => originOfSender(url, developerMode)).toThrow(
      expect.objectContaining({ code: "SITE_NOT_SECURE" }),
    );
  });
});
