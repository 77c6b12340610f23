import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDbPath } from "./support/fixtures.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** What `npm run sandbox:pagopa` does after building shared: compile the stand-in, run it alone. */
describe("the stand-in as a process", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  });

  it("listens on 127.0.0.1, prints its URL, serves, and stops cleanly", async () => {
    execFileSync("npx", ["tsc", "-p", "tests/sandbox/pagopa/tsconfig.build.json"], {
      cwd: repoRoot,
      stdio: "pipe",
    });
    const started = spawn(
      process.execPath,
      ["tests/.state/pagopa-build/main.js", "--port", "0", "--db", tempDbPath()],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child = started;
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      started.once("exit", (code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
    });
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
    const refused = await fetch(`${url}/checkout/ec/v1/carts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(refused.status).toBe(400);
    started.kill("SIGTERM");
    const [code] = (await once(started, "exit")) as [number | null];
    expect(code).toBe(0);
  });

  it("refuses a bad port", () => {
    expect(() =>
      execFileSync(process.execPath, ["tests/.state/pagopa-build/main.js", "--port", "http"], {
        cwd: repoRoot,
        stdio: "pipe",
      }),
    ).toThrow();
  });
});
