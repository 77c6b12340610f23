import { type FileHandle, open } from "node:fs/promises";
import {
  type ByteSource,
  bytesSource,
  CnsBridgeError,
  decodeP7mText,
  looksLikeDer,
  type ParsedSignedData,
  readSignedData,
} from "@cns-bridge/shared";
import { fileByteSource } from "./file-byte-source.js";

/** PEM/Base64 `.p7m` are decoded in memory; beyond this size a text `.p7m` is refused. */
export const MAX_TEXT_P7M_BYTES = 256 * 1024 * 1024;

export interface OpenedFile {
  readonly source: ByteSource;
  close(): Promise<void>;
}

/** Opens a file for random access; a missing or unreadable file is a coded error. */
export async function openInputFile(path: string): Promise<OpenedFile & { handle: FileHandle }> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE";
    throw new CnsBridgeError(code, { path }, { cause });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new CnsBridgeError("FILE_UNREADABLE", { path });
    return { handle, source: await fileByteSource(handle), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export interface OpenedSignature extends OpenedFile {
  readonly parsed: ParsedSignedData;
}

/**
 * Opens a `.p7m` (or detached `.p7s`): DER is read in place, streaming; PEM or Base64 text is
 * decoded first. The content is never loaded: `parsed.content.ranges()` point into `source`.
 */
export async function openSignedFile(path: string): Promise<OpenedSignature> {
  const file = await openInputFile(path);
  try {
    const head = await file.source.read(0, 1);
    if (looksLikeDer(head)) {
      return { ...file, parsed: await readSignedData(file.source) };
    }
    if (file.source.size > MAX_TEXT_P7M_BYTES) {
      throw new CnsBridgeError("CMS_MALFORMED", { detail: "a Base64 .p7m this large is not supported" });
    }
    const text = new TextDecoder("latin1").decode(await file.source.read(0, file.source.size));
    const der = decodeP7mText(text);
    await file.close();
    const source = bytesSource(der);
    return { source, parsed: await readSignedData(source), close: () => Promise.resolve() };
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
}
