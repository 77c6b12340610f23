import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Defaults written on the first run; the server fills in what is absent (port, origins). */
export const DEFAULT_CONFIG: Readonly<Record<string, unknown>> = { port: 45927, allowedOrigins: [] };

/**
 * First run: writes `DEFAULT_CONFIG` at `path` when no file is there, and keeps an existing file
 * untouched (an update must never overwrite the user's config). Returns whether it was created.
 */
export async function ensureConfigFile(path: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if (typeof error === "object" && error !== null && "code" in error && error.code === "EEXIST") {
      return false;
    }
    throw error;
  }
}
