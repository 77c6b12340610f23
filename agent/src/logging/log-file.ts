import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** One log file's cap; with the one previous file kept, the log never takes more than twice this. */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Where `cns-agent serve` writes its log: `CNS_BRIDGE_LOG` when set, else the per-OS user state
 * or log dir (`$XDG_STATE_HOME` or `~/.local/state` on Linux, `~/Library/Logs` on macOS,
 * `%LOCALAPPDATA%` on Windows) + `cns-bridge/agent.log`. `doctor --bundle` reads it from there too.
 */
export function logFilePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CNS_BRIDGE_LOG) {
    return env.CNS_BRIDGE_LOG;
  }
  const base =
    platform === "win32"
      ? (env.LOCALAPPDATA ?? join(home, "AppData", "Local"))
      : platform === "darwin"
        ? join(home, "Library", "Logs")
        : env.XDG_STATE_HOME || join(home, ".local", "state");
  return join(base, "cns-bridge", "agent.log");
}

/**
 * A log file capped in size: when a line would take it past `maxBytes`, the file becomes
 * `<path>.1` (replacing the older one) and a new file starts. Writes are synchronous, like the
 * agent's standard-error log, so nothing logged before a crash is lost. The file is private (0600).
 */
export class CappedLogFile {
  readonly path: string;
  readonly #maxBytes: number;
  #fd: number;
  #size: number;

  constructor(path: string, maxBytes: number = LOG_FILE_MAX_BYTES) {
    this.path = path;
    this.#maxBytes = maxBytes;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(path, "a", 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  write(line: string): void {
    const bytes = Buffer.from(line, "utf8");
    if (this.#size > 0 && this.#size + bytes.byteLength > this.#maxBytes) {
      this.#rotate();
    }
    writeSync(this.#fd, bytes);
    this.#size += bytes.byteLength;
  }

  close(): void {
    closeSync(this.#fd);
  }

  #rotate(): void {
    closeSync(this.#fd);
    renameSync(this.path, `${this.path}.1`);
    this.#fd = openSync(this.path, "a", 0o600);
    this.#size = 0;
  }
}
