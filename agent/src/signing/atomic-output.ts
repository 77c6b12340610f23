import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { CnsBridgeError } from "@cns-bridge/shared";

/**
 * Writes a file under a temporary name and renames it into place only when complete, so a failed
 * or interrupted signature never leaves a half-written `.p7m` that looks like a real one.
 */
export async function writeAtomically(
  path: string,
  write: (output: FileHandle) => Promise<void>,
): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  let output: FileHandle;
  try {
    output = await open(partial, "w", 0o644);
  } catch (cause) {
    throw new CnsBridgeError("SIGN_OUTPUT_UNWRITABLE", { path }, { cause });
  }
  try {
    await write(output);
    await output.close();
    await rename(partial, path);
  } catch (error) {
    await output.close().catch(() => undefined);
    await rm(partial, { force: true });
    if (error instanceof CnsBridgeError) throw error;
    throw new CnsBridgeError("SIGN_OUTPUT_UNWRITABLE", { path }, { cause: error });
  }
}

/** Writes all of `bytes` at the handle's current position. */
export async function writeAll(output: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await output.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

/** Writes all of `bytes` at `position`, whatever the handle's current position. */
export async function writeAllAt(output: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await output.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
