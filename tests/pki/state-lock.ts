import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

const WAIT_MS = 180_000;
/** A lock older than this is stale whoever holds it (a build takes seconds). */
const STALE_MS = 120_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when the lock's owner died (its pid is gone) or the lock is older than any build. */
async function isStale(lockDir: string): Promise<boolean> {
  const age = await stat(lockDir).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  if (age > STALE_MS) return true;
  const owner = await readFile(join(lockDir, "owner"), "utf8").catch(() => null);
  const pid = owner === null ? Number.NaN : Number.parseInt(owner, 10);
  // No owner file yet: the owner is between mkdir and writeFile; give it time.
  if (Number.isNaN(pid)) return false;
  return !isAlive(pid);
}

/**
 * Runs `task` while holding `lockDir` (mkdir is atomic across processes), so concurrent test
 * processes wait for one maker instead of building the same state twice.
 */
export async function withLock<T>(lockDir: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await isStale(lockDir)) await rm(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockDir}`);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    await writeFile(join(lockDir, "owner"), `${process.pid}\n`);
    return await task();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
