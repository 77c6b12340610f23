import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Enters the throwaway root: a private mount namespace where an overlay of this machine's `/`
 * (lower, read-only) and `$R/upper` (every write) is mounted on `$R/merged`, with /dev and /proc
 * bound in, then `chroot`s into it. The namespace, and with it every mount, ends with the process:
 * the host's files and dpkg database are never written, and `$R/upper` keeps the root's state
 * from one command to the next (install, run, remove, purge).
 */
const ENTER = `set -e
R="$1"; shift
mount -t overlay cns-throwaway -o "lowerdir=/,upperdir=$R/upper,workdir=$R/work" "$R/merged"
mount --rbind /dev "$R/merged/dev"
mount --rbind /proc "$R/merged/proc"
exec chroot "$R/merged" "$@"`;

/** A clean environment inside the root: nothing of the test runner's (tokens, config paths) leaks in. */
const BASE_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"];

export interface RootRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class ThrowawayRoot {
  private constructor(readonly dir: string) {}

  /**
   * Makes an empty root state under `parent` (which must be on a real filesystem, not an
   * overlay: the upper and work dirs of an overlay cannot be). Throws with the reason when this
   * machine cannot do it (not root, no mount namespaces, no overlayfs).
   */
  static create(parent: string): ThrowawayRoot {
    mkdirSync(parent, { recursive: true });
    const root = new ThrowawayRoot(mkdtempSync(join(parent, "root-")));
    for (const part of ["upper", "work", "merged"]) mkdirSync(join(root.dir, part));
    const probe = root.sh("true");
    if (probe.status !== 0) {
      root.destroy();
      throw new Error(
        "the throwaway root needs root, mount namespaces (unshare -m) and overlayfs: " +
          `unshare/mount/chroot said: ${probe.stderr.trim()}`,
      );
    }
    return root;
  }

  /** Runs a POSIX sh script in the root as root, with `env` added to a clean environment. */
  sh(script: string, env: Record<string, string> = {}, input?: string): RootRun {
    const result = spawnSync("unshare", this.#args(["/bin/sh", "-c", script], env), {
      encoding: "utf8",
      input,
      timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Like `sh` but throws (with the output) unless the script exits 0. */
  must(script: string, env: Record<string, string> = {}): string {
    const run = this.sh(script, env);
    if (run.status !== 0) {
      throw new Error(
        `in the throwaway root, \`${script}\` exited ${run.status}:\n${run.stdout}\n${run.stderr}`,
      );
    }
    return run.stdout;
  }

  /**
   * Starts a long-running command in the root (`unshare` and `chroot` exec it, so the child's
   * pid is the command's own and a signal reaches it). The network is the host's: a server in
   * the root is reachable on 127.0.0.1.
   */
  spawn(argv: readonly string[], env: Record<string, string> = {}): ChildProcess {
    return spawn("unshare", this.#args(argv, env), { stdio: ["ignore", "pipe", "pipe"] });
  }

  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #args(argv: readonly string[], env: Record<string, string>): string[] {
    const vars = [...BASE_ENV, ...Object.entries(env).map(([key, value]) => `${key}=${value}`)];
    return [
      "--mount",
      "--propagation",
      "private",
      "/bin/sh",
      "-c",
      ENTER,
      "sh",
      this.dir,
      "/usr/bin/env",
      "-i",
      ...vars,
      ...argv,
    ];
  }
}
