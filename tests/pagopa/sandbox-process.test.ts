import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { buildCartRequest, debtPositionFromNotice, submitCart } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREDITOR_FISCAL_CODE,
  CREDITOR_SECRET,
  gpdPath,
  iupdOf,
  RETURN_URLS,
  sampleNotice,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";
import { captureChildOutput } from "../support/test-logs.js";
import { createTestCreditor } from "./support/test-creditor.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const children: ChildProcess[] = [];

/** Starts the compiled stand-in as `npm run sandbox:pagopa` does and waits for its URL. */
async function startProcess(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["tests/.state/pagopa-build/main.js", "--port", "0", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  captureChildOutput(child, "pagopa-sandbox-process");
  children.push(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
  });
  return { child, url };
}

async function post(url: string, fields: Record<string, string>) {
  return fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}

describe("the stand-in as a process", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tests/sandbox/pagopa/tsconfig.build.json"], {
      cwd: repoRoot,
      stdio: "pipe",
    });
  });
  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });

  it("listens on 127.0.0.1, prints its URL, serves, and stops cleanly", async () => {
    const { child, url } = await startProcess(["--db", tempDbPath()]);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" });
    const refused = await fetch(`${url}/checkout/ec/v1/carts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(refused.status).toBe(400);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });

  it("refuses a bad port and a bad callbacks file with exit code 2", () => {
    const badCallbacks = tempDbPath("callbacks.json");
    writeFileSync(
      badCallbacks,
      JSON.stringify({ [CREDITOR_FISCAL_CODE]: { url: "ftp://x", secret: "short" } }),
    );
    for (const args of [
      ["--port", "http"],
      ["--port", "0", "--db", tempDbPath(), "--callbacks", badCallbacks],
    ]) {
      expect(() =>
        execFileSync(process.execPath, ["tests/.state/pagopa-build/main.js", ...args], {
          cwd: repoRoot,
          stdio: "pipe",
        }),
      ).toThrow(expect.objectContaining({ status: 2 }));
    }
  });

  it("survives kill -9 right after a payment: no double payment, the receipt arrives once", async () => {
    const creditor = createTestCreditor({ secret: CREDITOR_SECRET, clock: () => new Date() });
    const creditorServer = await new Promise<{ server: ServerType; port: number }>((resolve) => {
      const server = serve(
        { fetch: creditor.app.fetch, hostname: "127.0.0.1", port: 0 },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      );
    });
    try {
      creditor.setMode("down");
      const callbacks = tempDbPath("callbacks.json");
      writeFileSync(
        callbacks,
        JSON.stringify({
          [CREDITOR_FISCAL_CODE]: {
            url: `http://127.0.0.1:${creditorServer.port}/pagopa/receipts`,
            secret: CREDITOR_SECRET,
          },
        }),
      );
      const dbPath = tempDbPath();
      const first = await startProcess(["--db", dbPath, "--callbacks", callbacks]);
      const notice = sampleNotice();
      const created = await fetch(`${first.url}${gpdPath("?toPublish=true")}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(debtPositionFromNotice(notice, { iupd: iupdOf(notice) })),
      });
      expect(created.status).toBe(201);
      const checkout = await submitCart(
        buildCartRequest({ notices: [notice], returnUrls: RETURN_URLS }),
        `${first.url}/checkout/ec/v1/carts`,
      );
      expect((await post(`${checkout}/email`, { email: "mario.rossi@example.it" })).status).toBe(303);
      const payPath = (await post(`${checkout}/metodo`, { method: "card" })).headers.get("location") ?? "";
      const paid = await post(`${first.url}${payPath}`, { action: "pay", ...SUCCESS_CARD });
      expect(paid.status).toBe(303);
      first.child.kill("SIGKILL");
      await once(first.child, "exit");

      creditor.setMode("up");
      const second = await startProcess(["--db", dbPath, "--callbacks", callbacks]);
      await expect.poll(() => creditor.receipts().length, { timeout: 10_000, interval: 200 }).toBe(1);
      const repost = await post(`${second.url}${payPath}`, { action: "pay", ...SUCCESS_CARD });
      expect(repost.headers.get("location")).toMatch(/\/esito$/);
      const again = await submitCart(
        buildCartRequest({ notices: [notice], returnUrls: RETURN_URLS }),
        `${second.url}/checkout/ec/v1/carts`,
      );
      expect(await (await fetch(again)).text()).toContain("PAA_PAGAMENTO_DUPLICATO");
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(creditor.receipts()).toHaveLength(1);
      second.child.kill("SIGTERM");
      await once(second.child, "exit");
    } finally {
      await new Promise((resolve) => creditorServer.server.close(resolve));
      creditor.close();
    }
  });
});
