import { createHash } from "node:crypto";
import type { ByteSource, ContentRange, DigestAlgorithm } from "@cns-bridge/shared";
import { isFileByteSource } from "./file-byte-source.js";

/** Large reads: hashing speed is bound by syscalls below a few MiB; memory stays about two chunks. */
export const STREAM_CHUNK_BYTES = 4 * 1024 * 1024;

const NODE_HASH: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

export type Digests = Map<DigestAlgorithm, Uint8Array>;

/**
 * Hashes byte ranges of a source with several algorithms in one pass, chunk by chunk, and hands
 * each chunk to `onChunk` (to copy it to an output) when given. The next chunk is read (on libuv's
 * threads) while this one is hashed (on this thread), into one of two buffers used in turn, so a
 * large file costs about the time of hashing it and a constant amount of memory. `onChunk` must be
 * done with its chunk when its promise resolves: the buffer is then refilled.
 */
export async function digestRanges(
  source: ByteSource,
  ranges: AsyncIterable<ContentRange> | Iterable<ContentRange>,
  algorithms: readonly DigestAlgorithm[],
  onChunk?: (chunk: Uint8Array) => Promise<void>,
): Promise<Digests> {
  const hashes = [...new Set(algorithms)].map(
    (algorithm) => [algorithm, createHash(NODE_HASH[algorithm])] as const,
  );
  const buffers: Buffer[] = [];
  let turn = 0;
  const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
    if (!isFileByteSource(source)) return source.read(offset, length);
    turn = (turn + 1) % 2;
    // Sized to what is read, up to a chunk: a small document does not cost two 4 MiB buffers.
    let buffer = buffers[turn];
    if (buffer === undefined || buffer.length < length) {
      buffer = Buffer.allocUnsafe(Math.max(length, Math.min(STREAM_CHUNK_BYTES, 64 * 1024)));
      buffers[turn] = buffer;
    }
    return buffer.subarray(0, await source.readInto(buffer.subarray(0, length), offset));
  };
  for await (const range of ranges) {
    const end = range.offset + range.length;
    let position = range.offset;
    const readNext = () =>
      position < end ? readAt(position, Math.min(STREAM_CHUNK_BYTES, end - position)) : undefined;
    let pending = readNext();
    try {
      while (pending !== undefined) {
        const chunk = await pending;
        if (chunk.length === 0) throw new Error("the file shrank while being read");
        position += chunk.length;
        pending = readNext();
        for (const [, hash] of hashes) hash.update(chunk);
        if (onChunk !== undefined) await onChunk(chunk);
      }
    } catch (error) {
      // The read already under way must not end as an unhandled rejection.
      await pending?.catch(() => undefined);
      throw error;
    }
  }
  return new Map(hashes.map(([algorithm, hash]) => [algorithm, new Uint8Array(hash.digest())]));
}

/** The whole source as one range. */
export function wholeSource(source: ByteSource): ContentRange[] {
  return [{ offset: 0, length: source.size }];
}
