import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../errors/index.js";
import { parseRequestFrame, requestIdOf } from "./parse-request.js";
import { PROTOCOL_LIMITS } from "./limits.js";
import badFrames from "./vectors/bad-frames.json" with { type: "json" };

const sha256OfEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("parseRequestFrame", () => {
  it("accepts a hello and fills nothing it was not given", () => {
    expect(parseRequestFrame('{"v":1,"id":"r1","type":"hello"}')).toEqual({ v: 1, id: "r1", type: "hello" });
  });

  it("applies the documented defaults of sign.start", () => {
    const request = parseRequestFrame(
      JSON.stringify({
        v: 1,
        id: "r2",
        type: "sign.start",
        token: "CNS",
        format: "cades",
        fileName: "domanda.pdf",
        size: 0,
        sha256: sha256OfEmpty,
      }),
    );
    expect(request).toMatchObject({ detached: false, digestAlgorithm: "SHA-256", certificate: "signature" });
  });

  it.each(badFrames)("refuses $name with $code", ({ frame, code }) => {
    let caught: unknown;
    try {
      parseRequestFrame(frame);
    } catch (error) {
      caught = error;
    }
    expect(isCnsBridgeError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
  });

  it("refuses an oversize frame before parsing it", () => {
    const frame = `{"v":1,"id":"x","type":"hello","pad":"${"a".repeat(PROTOCOL_LIMITS.maxFrameBytes)}"}`;
    expect(() => parseRequestFrame(frame)).toThrow(
      expect.objectContaining({ code: "PROTOCOL_FRAME_TOO_LARGE" }),
    );
  });

  it("never echoes a PIN in the error of a malformed login", () => {
    let message = "";
    try {
      parseRequestFrame('{"v":1,"id":"1","type":"token.login","token":"CNS","pin":"12345678901234567890"}');
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).toContain("pin");
    expect(message).not.toContain("12345678901234567890");
  });
});

describe("requestIdOf", () => {
  it("extracts only well-formed ids", () => {
    expect(requestIdOf({ id: "abc-1" })).toBe("abc-1");
    expect(requestIdOf({ id: "a b" })).toBeNull();
    expect(requestIdOf({ id: 5 })).toBeNull();
    expect(requestIdOf(null)).toBeNull();
    expect(requestIdOf({ id: "x".repeat(65) })).toBeNull();
  });
});
