import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import { once } from "node:events";
import { captureChildOutput } from "./test-logs.js";

/**
 * A test's server child process that can crash and come back: the agent and the sandbox both
 * need start (wait until its stdout says it listens), kill -9 (a crash: no shutdown handler runs)
 * and a clean SIGTERM stop, each restartable on the same ports and state.
 */
export interface RestartableChild {
  /** The running process (undefined while stopped). */
  readonly child: ChildProcess | undefined;
  /** Starts it (again, after `kill9` or `stop`), resolving once `ready` accepts its stdout. */
  start(): Promise<void>;
  /** `kill -9`: no shutdown handler runs, as in a crash or a power cut. */
  kill9(): Promise<void>;
  /** SIGTERM, the clean stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface RestartableChildOptions {
  /** Names it in errors ("the agent", "the sandbox"). */
  readonly name: string;
  readonly args: readonly string[];
  readonly spawnOptions: SpawnOptions;
  /** The test log its output goes to. */
  readonly logName: string;
  /** Whether what it printed so far says it is listening. */
  readonly ready: (stdout: string) => boolean;
}

export function restartableChild(options: RestartableChildOptions): RestartableChild {
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child !== undefined) throw new Error(`${options.name} is already running`);
    const started = spawn(process.execPath, options.args, {
      ...options.spawnOptions,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    captureChildOutput(started, options.logName);
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${options.name} not listening after 30 s: ${output}`)),
        30_000,
      );
      started.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (options.ready(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited with ${String(code)}: ${output}`));
      });
    });
  };

  const end = async (signal: "SIGKILL" | "SIGTERM"): Promise<number | null> => {
    const running = child;
    child = undefined;
    if (running === undefined) return null;
    if (running.exitCode !== null || running.signalCode !== null) return running.exitCode;
    const exited = once(running, "exit") as Promise<[number | null]>;
    running.kill(signal);
    const [code] = await exited;
    return code;
  };

  return {
    get child() {
      return child;
    },
    start,
    kill9: async () => {
      await end("SIGKILL");
    },
    stop: () => end("SIGTERM"),
  };
}
