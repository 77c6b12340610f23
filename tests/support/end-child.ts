import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * Ends a test's child process with `signal` and waits for its exit; its exit code (null when a
 * signal ended it or it had already gone). The restart tests use SIGKILL (a crash) and SIGTERM
 * (a clean stop) on the same processes, so both paths share this.
 */
export async function endChild(running: ChildProcess, signal: "SIGKILL" | "SIGTERM"): Promise<number | null> {
  if (running.exitCode !== null || running.signalCode !== null) return running.exitCode;
  const exited = once(running, "exit") as Promise<[number | null]>;
  running.kill(signal);
  const [code] = await exited;
  return code;
}
