import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { CnsBridgeError } from "@cns-bridge/shared";
import { z } from "zod";

/**
 * `config.json` of cns-bridge. Only the keys this code reads are described; unknown keys are
 * kept (loose object) so that other parts (the server's port, allowed origins) can add theirs.
 */
export const configFileSchema = z.looseObject({
  /** Absolute path of the PKCS#11 module to use instead of auto-detection. */
  modulePath: z.string().min(1).optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

/** Above any sensible config file; a bigger file is refused rather than parsed. */
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * Where the config file lives: `CNS_BRIDGE_CONFIG` when set, else the per-OS user config dir
 * (`$XDG_CONFIG_HOME` or `~/.config` on Linux, `%APPDATA%` on Windows, `~/Library/Application
 * Support` on macOS) + `cns-bridge/config.json`.
 */
export function configFilePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CNS_BRIDGE_CONFIG) {
    return env.CNS_BRIDGE_CONFIG;
  }
  const base =
    platform === "win32"
      ? (env.APPDATA ?? join(home, "AppData", "Roaming"))
      : platform === "darwin"
        ? join(home, "Library", "Application Support")
        : env.XDG_CONFIG_HOME || join(home, ".config");
  return join(base, "cns-bridge", "config.json");
}

/** Reads and validates the config file; a missing file is an empty config, a bad one CONFIG_INVALID. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > MAX_CONFIG_BYTES) {
      throw new CnsBridgeError("CONFIG_INVALID", { path, detail: `larger than ${MAX_CONFIG_BYTES} bytes` });
    }
    text = bytes.toString("utf8");
  } catch (error) {
    if (error instanceof CnsBridgeError) {
      throw error;
    }
    if (isErrno(error, "ENOENT")) {
      return {};
    }
    throw new CnsBridgeError("CONFIG_INVALID", { path, detail: "cannot be read" }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CnsBridgeError("CONFIG_INVALID", { path, detail: "not valid JSON" }, { cause: error });
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new CnsBridgeError("CONFIG_INVALID", { path, detail });
  }
  return parsed.data;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
