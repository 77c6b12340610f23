import { gzipSync } from "node:zlib";

export interface TarEntry {
  /** Relative path inside the archive, at most 100 bytes (ustar name field). */
  readonly name: string;
  readonly content: Uint8Array | string;
  /** Modification time; defaults to the epoch so that archives are reproducible. */
  readonly mtime?: Date;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number, mtime: Date): Uint8Array {
  const bytes = new Uint8Array(BLOCK);
  const put = (text: string, offset: number): void => {
    bytes.set(new TextEncoder().encode(text), offset);
  };
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  put("        ", 148); // checksum is computed with its own field as spaces
  put("0", 156);
  put("ustar\0", 257);
  put("00", 263);
  const checksum = bytes.reduce((sum, byte) => sum + byte, 0);
  put(`${checksum.toString(8).padStart(6, "0")}\0 `, 148);
  return bytes;
}

/**
 * A gzip-compressed POSIX ustar archive of regular files: enough for a support bundle and readable
 * by `tar -xzf` everywhere (and Windows' built-in tar), with no dependency.
 */
export function tarGzip(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (
      new TextEncoder().encode(name).byteLength > 100 ||
      name.startsWith("/") ||
      name.split("/").includes("..")
    ) {
      throw new RangeError(`tar entry name not allowed: ${name}`);
    }
    const content =
      typeof entry.content === "string" ? new TextEncoder().encode(entry.content) : entry.content;
    parts.push(header(name, content.byteLength, entry.mtime ?? new Date(0)), content);
    const padding = (BLOCK - (content.byteLength % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
