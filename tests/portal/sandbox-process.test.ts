import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureChildOutput } from "../support/test-logs.js";
import { authToken, makeWorld, type PortalWorld } from "./support.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const children: ChildProcess[] = [];
let world: PortalWorld;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts the compiled `npm run sandbox` process and waits until both servers print their URL. */
async function startSandbox(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["tests/.state/sandbox-build/main.js", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  captureChildOutput(child, "portal-sandbox-process");
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("portale CNS:") && output.includes("pagoPA stand-in:")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill("SIGTERM");
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

beforeAll(async () => {
  execFileSync("npx", ["tsc", "-p", "tests/sandbox/tsconfig.build.json"], { cwd: repoRoot, stdio: "pipe" });
  world = await makeWorld();
});

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(world.dir, { recursive: true, force: true });
});

describe("npm run sandbox", () => {
  it("serves portal and pagoPA together, and keeps sessions and requests across a restart", async () => {
    const portalPort = await freePort();
    const pagopaPort = await freePort();
    const origin = `http://127.0.0.1:${portalPort}`;
    const args = [
      "--portal-port",
      String(portalPort),
      "--pagopa-port",
      String(pagopaPort),
      "--state",
      join(world.dir, "state"),
      "--ca",
      world.manifest.ca.bundlePem,
    ];
    let child = await startSandbox(args);
    expect(await (await fetch(`http://127.0.0.1:${pagopaPort}/health`)).json()).toEqual({ status: "ok" });
    const landing = await (await fetch(`${origin}/`)).text();
    expect(landing).toContain("Procedi con CNS");
    expect((await fetch(`${origin}/assets/shared/page-api/index.js`)).status).toBe(200);
    expect((await fetch(`${origin}/assets/shared/..%2F..%2Fpackage.json`)).status).toBe(404);

    const challenge = (await (await fetch(`${origin}/api/challenge`)).json()) as {
      challengeId: string;
      nonce: string;
    };
    const login = await fetch(`${origin}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token: authToken(world, "holder-rsa", challenge.nonce, origin),
        challengeId: challenge.challengeId,
      }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const created = (await (
      await fetch(`${origin}/api/requests`, { method: "POST", headers: { cookie } })
    ).json()) as {
      id: string;
    };

    expect(await stop(child)).toBe(0);
    child = await startSandbox(args);
    const resumed = (await (
      await fetch(`${origin}/api/requests/current`, { headers: { cookie } })
    ).json()) as { id: string };
    expect(resumed.id).toBe(created.id);
    const secretFile = join(world.dir, "state", "receipt-secret");
    expect(readFileSync(secretFile, "utf8").length).toBeGreaterThanOrEqual(32);
    expect(await stop(child)).toBe(0);
  });
});
