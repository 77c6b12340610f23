import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tarGzip } from "./tar-gzip.js";

function field(block: Uint8Array, offset: number, length: number): string {
  return new TextDecoder().decode(block.subarray(offset, offset + length)).replace(/\0.*$/s, "");
}

describe("tarGzip", () => {
  it("writes ustar headers with a valid checksum, padded content and two end blocks", () => {
    const tar = gunzipSync(tarGzip([{ name: "a/report.json", content: "x".repeat(513) }]));
    expect(tar.byteLength).toBe(512 + 1024 + 1024);
    const header = tar.subarray(0, 512);
    expect(field(header, 0, 100)).toBe("a/report.json");
    expect(parseInt(field(header, 124, 12), 8)).toBe(513);
    expect(field(header, 257, 6)).toBe("ustar");
    const stored = parseInt(field(header, 148, 8), 8);
    const computed = [...header].reduce(
      (sum, byte, index) => sum + (index >= 148 && index < 156 ? 32 : byte),
      0,
    );
    expect(stored).toBe(computed);
    expect(tar.subarray(512 + 513, 1536).every((byte) => byte === 0)).toBe(true);
    expect(tar.subarray(1536).every((byte) => byte === 0)).toBe(true);
  });

  it("is reproducible and refuses names that escape the archive or do not fit", () => {
    const entries = [{ name: "r.txt", content: new Uint8Array([1, 2, 3]) }];
    expect(tarGzip(entries)).toEqual(tarGzip(entries));
    expect(() => tarGzip([{ name: "/etc/passwd", content: "" }])).toThrow(RangeError);
    expect(() => tarGzip([{ name: "a/../../b", content: "" }])).toThrow(RangeError);
    expect(() => tarGzip([{ name: "n".repeat(101), content: "" }])).toThrow(RangeError);
  });
});
