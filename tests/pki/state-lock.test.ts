import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withLock } from "./state-lock.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pki-lock-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the test PKI lock", () => {
  it("runs concurrent holders one after the other and releases the lock", async () => {
    const lock = join(dir, "pki.lock");
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} in`);
      await sleep(30);
      events.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([
      withLock(lock, task("a")),
      withLock(lock, task("b")),
      withLock(lock, task("c")),
    ]);
    expect(results).toEqual(["a", "b", "c"]);
    for (let index = 0; index < events.length; index += 2) {
      expect(events[index]?.replace(" in", " out")).toBe(events[index + 1]);
    }
    await expect(stat(lock)).rejects.toThrow(/ENOENT/);
  });

  it("releases the lock when the task fails", async () => {
    const lock = join(dir, "pki.lock");
    await expect(withLock(lock, () => Promise.reject(new Error("maker failed")))).rejects.toThrow(
      "maker failed",
    );
    await expect(withLock(lock, () => Promise.resolve("next"))).resolves.toBe("next");
  });

  it("breaks a lock left by a process that died", async () => {
    const lock = join(dir, "pki.lock");
    await mkdir(lock);
    // Pids are below 2^22 on Linux: this one cannot be alive.
    await writeFile(join(lock, "owner"), "4194304999\n");
    const started = Date.now();
    await expect(withLock(lock, () => Promise.resolve("mine"))).resolves.toBe("mine");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("breaks a lock older than any build, whoever holds it", async () => {
    const lock = join(dir, "pki.lock");
    await mkdir(lock);
    await writeFile(join(lock, "owner"), `${process.pid}\n`);
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    await expect(withLock(lock, () => Promise.resolve("mine"))).resolves.toBe("mine");
  });

  it("waits while a living process holds the lock", async () => {
    const lock = join(dir, "pki.lock");
    await mkdir(lock);
    await writeFile(join(lock, "owner"), `${process.pid}\n`);
    let acquired = false;
    const waiting = withLock(lock, () => {
      acquired = true;
      return Promise.resolve();
    });
    await sleep(200);
    expect(acquired).toBe(false);
    await rm(lock, { recursive: true });
    await waiting;
    expect(acquired).toBe(true);
  });
});
