import type { FileHandle } from "node:fs/promises";
import type { ByteSource } from "@cns-bridge/shared";

/** A ByteSource over an open file that can also fill a caller's buffer (no allocation per read). */
export interface FileByteSource extends ByteSource {
  /** Reads up to `target.length` bytes at `offset` into `target`; fewer only at the end of the file. */
  readInto(target: Uint8Array, offset: number): Promise<number>;
}

export function isFileByteSource(source: ByteSource): source is FileByteSource {
  return typeof (source as Partial<FileByteSource>).readInto === "function";
}

/** A ByteSource over an open file: the CMS reader asks for headers, never for the whole file. */
export async function fileByteSource(handle: FileHandle): Promise<FileByteSource> {
  const { size } = await handle.stat();
  const readInto = async (target: Uint8Array, offset: number): Promise<number> => {
    const wanted = Math.max(0, Math.min(target.length, size - offset));
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await handle.read(target, done, wanted - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  };
  return {
    size,
    readInto,
    async read(offset, length) {
      // Not zero-filled: only the part the read filled is returned.
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      return buffer.subarray(0, await readInto(buffer, offset));
    },
  };
}
