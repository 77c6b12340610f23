import { createHash, type Hash } from "node:crypto";
import type { ByteSource, ContentRange, DigestAlgorithm } from "@cns-bridge/shared";

/** Large reads: hashing speed is bound by syscalls below a few MiB; memory stays about one chunk. */
export const STREAM_CHUNK_BYTES = 4 * 1024 * 1024;

const NODE_HASH: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

export type Digests = Map<DigestAlgorithm, Uint8Array>;

/**
 * Hashes byte ranges of a source with several algorithms in one pass, chunk by chunk, and hands
 * each chunk to `onChunk` (to copy it to an output) when given.
 */
export async function digestRanges(
  source: ByteSource,
  ranges: AsyncIterable<ContentRange> | Iterable<ContentRange>,
  algorithms: readonly DigestAlgorithm[],
  onChunk?: (chunk: Uint8Array) => Promise<void>,
): Promise<Digests> {
  const hashes = new Map<DigestAlgorithm, Hash>(
    [...new Set(algorithms)].map((algorithm) => [algorithm, createHash(NODE_HASH[algorithm])]),
  );
  for await (const range of ranges) {
    let done = 0;
    while (done < range.length) {
      const chunk = await source.read(range.offset + done, Math.min(STREAM_CHUNK_BYTES, range.length - done));
      if (chunk.length === 0) throw new Error("the file shrank while being read");
      for (const hash of hashes.values()) hash.update(chunk);
      if (onChunk !== undefined) await onChunk(chunk);
      done += chunk.length;
    }
  }
  return new Map([...hashes].map(([algorithm, hash]) => [algorithm, new Uint8Array(hash.digest())]));
}

/** The whole source as one range. */
export function wholeSource(source: ByteSource): ContentRange[] {
  return [{ offset: 0, length: source.size }];
}
