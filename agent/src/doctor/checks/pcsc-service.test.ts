import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScQueryState, pcscSocketPath } from "./pcsc-service.js";

describe("parseScQueryState", () => {
  it("reads the state of the Smart Card service", () => {
    const text = readFileSync(
      new URL("../parsers/recorded/sc-query-scardsvr-running.constructed.txt", import.meta.url),
      "utf8",
    );
    expect(parseScQueryState(text)).toBe("RUNNING");
    expect(parseScQueryState(text.replace("4  RUNNING", "1  STOPPED").replace("STATE", "STATO"))).toBe(
      "STOPPED",
    );
  });

  it("gives null for an error or foreign text", () => {
    expect(parseScQueryState("[SC] EnumQueryServicesStatus:OpenService FAILED 1060")).toBeNull();
    expect(parseScQueryState("")).toBeNull();
    expect(parseScQueryState("STATE : 9 RUNNING")).toBeNull();
  });
});

describe("pcscSocketPath", () => {
  it("follows PCSCLITE_CSOCK_NAME as libpcsclite does", () => {
    expect(pcscSocketPath({})).toBe("/run/pcscd/pcscd.comm");
    expect(pcscSocketPath({ PCSCLITE_CSOCK_NAME: "/tmp/x.comm" })).toBe("/tmp/x.comm");
  });
});
