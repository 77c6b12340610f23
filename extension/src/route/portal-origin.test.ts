import { isCnsBridgeError } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { DEFAULT_PORTAL_ORIGIN, parsePortalOrigin } from "./portal-origin.js";

describe("parsePortalOrigin", () => {
  it.each([
    [DEFAULT_PORTAL_ORIGIN, "http://127.0.0.1:8091"],
    ["https://portale.camcom.it", "https://portale.camcom.it"],
    [" https://portale.camcom.it:8443/ ", "https://portale.camcom.it:8443"],
    ["http://localhost:9000", "http://localhost:9000"],
    ["HTTPS://Portale.Camcom.IT", "https://portale.camcom.it"],
  ])("accepts %s", (input, origin) => {
    expect(parsePortalOrigin(input)).toBe(origin);
  });

  it.each([
    ["plain http on the network", "http://portale.camcom.it"],
    ["a path", "https://portale.camcom.it/login"],
    ["a query", "https://portale.camcom.it?x=1"],
    ["credentials", "https://user:pw@portale.camcom.it"],
    ["another scheme", "ftp://127.0.0.1"],
    ["an extension origin", "chrome-extension://ibjopldpmkdpncckfnebdohilediokme"],
    ["no URL at all", "portale"],
    ["nothing", ""],
  ])("refuses %s with PORTAL_ORIGIN_INVALID", (_name, input) => {
    let caught: unknown;
    try {
      parsePortalOrigin(input);
    } catch (error) {
      caught = error;
    }
    expect(isCnsBridgeError(caught, "PORTAL_ORIGIN_INVALID")).toBe(true);
  });
});
