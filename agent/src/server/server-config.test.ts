import { describe, expect, it } from "vitest";
import { DEFAULT_ALLOWED_ORIGINS, resolveServerSettings } from "./server-config.js";

const PATH = "/home/x/.config/cns-bridge/config.json";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return "ACCEPTED";
}

describe("resolveServerSettings", () => {
  it("defaults to port 45927 and the development extension", () => {
    expect(resolveServerSettings({ allowOrigins: [] }, {}, PATH)).toEqual({
      port: 45927,
      allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
    });
  });

  it("takes flags over the config file, and adds origins from both", () => {
    const settings = resolveServerSettings(
      { port: "50000", allowOrigins: ["moz-extension://1b2c3d4e-0000-4000-8000-000000000000"] },
      { port: 46000, allowedOrigins: ["chrome-extension://abcdefghijklmnopabcdefghijklmnop"] },
      PATH,
    );
    expect(settings.port).toBe(50000);
    expect(settings.allowedOrigins).toContain("chrome-extension://abcdefghijklmnopabcdefghijklmnop");
    expect(settings.allowedOrigins).toContain("moz-extension://1b2c3d4e-0000-4000-8000-000000000000");
  });

  it("refuses web origins wherever they come from", () => {
    expect(codeOf(() => resolveServerSettings({ allowOrigins: ["https://evil.example"] }, {}, PATH))).toBe(
      "BAD_USAGE",
    );
    expect(
      codeOf(() => resolveServerSettings({ allowOrigins: [] }, { allowedOrigins: ["null"] }, PATH)),
    ).toBe("BAD_USAGE");
  });

  it("explains a bad config file and a bad port", () => {
    expect(codeOf(() => resolveServerSettings({ allowOrigins: [] }, { port: "80" }, PATH))).toBe(
      "CONFIG_INVALID",
    );
    expect(codeOf(() => resolveServerSettings({ allowOrigins: [] }, { port: 70000 }, PATH))).toBe(
      "CONFIG_INVALID",
    );
    expect(codeOf(() => resolveServerSettings({ port: "0x10", allowOrigins: [] }, {}, PATH))).toBe(
      "BAD_USAGE",
    );
    expect(codeOf(() => resolveServerSettings({ port: "99999", allowOrigins: [] }, {}, PATH))).toBe(
      "BAD_USAGE",
    );
  });
});
