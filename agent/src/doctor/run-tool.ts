import { execFile } from "node:child_process";

export interface ToolResult {
  /** False when the program is not installed (ENOENT). */
  readonly found: boolean;
  /** Exit code; null when killed (timeout) or not found. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export type RunTool = (
  program: string,
  args: readonly string[],
  options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
) => Promise<ToolResult>;

/**
 * Runs a system tool (opensc-tool, modutil, pgrep) without a shell, with a timeout and a bounded
 * output. A tool that is missing is a finding, not an error.
 */
export const runTool: RunTool = (program, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      program,
      [...args],
      {
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 10_000,
        maxBuffer: 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ found: true, code: 0, stdout, stderr, timedOut: false });
          return;
        }
        const errno = (error as NodeJS.ErrnoException).code;
        if (errno === "ENOENT") {
          resolve({ found: false, code: null, stdout: "", stderr: "", timedOut: false });
          return;
        }
        resolve({
          found: true,
          code: typeof errno === "number" ? errno : typeof error.code === "number" ? error.code : null,
          stdout,
          stderr,
          timedOut: error.killed === true,
        });
      },
    );
  });
