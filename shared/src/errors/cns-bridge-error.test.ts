import { describe, expect, it } from "vitest";
import { CnsBridgeError, errorCatalog, isCnsBridgeError } from "./index.js";

describe("CnsBridgeError", () => {
  it("renders Italian and English messages with parameters", () => {
    const error = new CnsBridgeError("FILE_NOT_FOUND", { path: "/tmp/x.pdf" });
    expect(error.messageIn("it")).toBe("File non trovato: /tmp/x.pdf.");
    expect(error.message).toBe("File not found: /tmp/x.pdf.");
  });

  it("survives serialization across a process boundary", () => {
    const original = new CnsBridgeError("BAD_INPUT", { detail: "campo mancante" });
    const rebuilt = CnsBridgeError.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    expect(rebuilt.code).toBe("BAD_INPUT");
    expect(rebuilt.messageIn("it")).toBe(original.messageIn("it"));
    expect(isCnsBridgeError(rebuilt, "BAD_INPUT")).toBe(true);
  });

  it("turns unknown or hostile payloads into INTERNAL", () => {
    for (const hostile of [null, 42, "x", { code: "NOPE" }, { code: "__proto__" }, { code: "toString" }]) {
      expect(CnsBridgeError.fromJSON(hostile).code).toBe("INTERNAL");
    }
  });

  it("has a non-empty message in both languages for every code", () => {
    for (const [code, message] of Object.entries(errorCatalog)) {
      expect(message.it.length, code).toBeGreaterThan(0);
      expect(message.en.length, code).toBeGreaterThan(0);
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });
});
