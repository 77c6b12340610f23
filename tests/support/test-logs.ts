import type { ChildProcess } from "node:child_process";
import { appendFileSync, createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DestinationStream, pino } from "pino";

/**
 * Every log the test suite produces lands in one directory: agents started by tests (in-process
 * pino loggers and `cns-agent` child processes), the sandbox processes. `npm test` empties it
 * first and scans it last (tests/final/log-scan.test.ts) for PINs, passphrases and unmasked
 * codici fiscali. `CNS_BRIDGE_TEST_LOG_DIR` moves it (the harness sets it).
 */
export const TEST_LOG_DIR =
  process.env.CNS_BRIDGE_TEST_LOG_DIR ?? fileURLToPath(new URL("../artifacts/logs/", import.meta.url));

let counter = 0;

/** A new file in the log directory, unique across the parallel test workers. */
export function testLogFile(name: string): string {
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  counter += 1;
  const safe = name.replace(/[^a-zA-Z0-9._-]/g, "_");
  return join(TEST_LOG_DIR, `${safe}-${process.pid}-${counter}.log`);
}

/** A pino destination writing synchronously (nothing lost when the test ends) into a new log file. */
export function testLogDestination(name: string): DestinationStream {
  return pino.destination({ dest: testLogFile(name), sync: true });
}

/** Copies a child's stdout and stderr into a new log file, as they come; returns the file. */
export function captureChildOutput(child: ChildProcess, name: string): string {
  const file = testLogFile(name);
  const out = createWriteStream(file, { flags: "a" });
  child.stdout?.on("data", (piece: Buffer) => out.write(piece));
  child.stderr?.on("data", (piece: Buffer) => out.write(piece));
  child.once("close", () => out.end());
  return file;
}

const commandLogs = new Map<string, string>();

/** Keeps what a finished command wrote on standard error (where `cns-agent` logs), one file per name. */
export function keepCommandLog(name: string, stderr: string | Buffer | null | undefined): void {
  if (stderr === null || stderr === undefined || stderr.length === 0) return;
  let file = commandLogs.get(name);
  if (file === undefined) {
    file = testLogFile(name);
    commandLogs.set(name, file);
  }
  appendFileSync(file, stderr);
}

/** A pino destination for a test that reads its log lines itself: each line also goes to a log file. */
export function alsoToLogFile(name: string, write: (line: string) => void): DestinationStream {
  const file = testLogDestination(name);
  return {
    write(line: string) {
      write(line);
      file.write(line);
    },
  };
}
