import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesSource } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileByteSource } from "./file-byte-source.js";
import { digestRanges, STREAM_CHUNK_BYTES } from "./stream-digests.js";

let dir: string;
let path: string;
const content = randomBytes(2 * STREAM_CHUNK_BYTES + 12345);
const ranges = [
  { offset: 0, length: STREAM_CHUNK_BYTES + 1 },
  { offset: STREAM_CHUNK_BYTES + 100, length: STREAM_CHUNK_BYTES + 5000 },
  { offset: 7, length: 0 },
  { offset: content.length - 3, length: 3 },
];
const expected = Buffer.concat(ranges.map((r) => content.subarray(r.offset, r.offset + r.length)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stream-digests-"));
  path = join(dir, "content.bin");
  await writeFile(path, content);
});

afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("digestRanges", () => {
  it("hashes and hands over exactly the bytes of the ranges, reading ahead into reused buffers", async () => {
    const handle = await open(path, "r");
    try {
      const copied: Buffer[] = [];
      const digests = await digestRanges(
        await fileByteSource(handle),
        ranges,
        ["SHA-256", "SHA-512"],
        async (chunk) => {
          copied.push(Buffer.from(chunk));
        },
      );
      expect(Buffer.concat(copied).equals(expected)).toBe(true);
      expect(Buffer.from(digests.get("SHA-256") ?? []).toString("hex")).toBe(
        createHash("sha256").update(expected).digest("hex"),
      );
      expect(Buffer.from(digests.get("SHA-512") ?? []).toString("hex")).toBe(
        createHash("sha512").update(expected).digest("hex"),
      );
    } finally {
      await handle.close();
    }
  });

  it("gives the same digests over an in-memory source", async () => {
    const digests = await digestRanges(bytesSource(content), ranges, ["SHA-256"]);
    expect(Buffer.from(digests.get("SHA-256") ?? []).toString("hex")).toBe(
      createHash("sha256").update(expected).digest("hex"),
    );
  });

  it("reports a failing consumer, and a range past the end of the file, as errors (no stray read left)", async () => {
    const handle = await open(path, "r");
    try {
      const source = await fileByteSource(handle);
      await expect(
        digestRanges(source, ranges, ["SHA-256"], () => Promise.reject(new Error("disk full"))),
      ).rejects.toThrow("disk full");
      await expect(
        digestRanges(source, [{ offset: content.length - 10, length: 20 }], ["SHA-256"]),
      ).rejects.toThrow("shrank");
    } finally {
      await handle.close();
    }
  });
});
