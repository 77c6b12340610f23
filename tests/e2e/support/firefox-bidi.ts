import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";

export const FIREFOX_ESR = "/usr/bin/firefox-esr";

/** Debian's Firefox ESR is in DEBIAN_PACKAGES; a machine without it skips the Firefox run and says so. */
export const firefoxAvailable = existsSync(FIREFOX_ESR);

/**
 * A fresh profile for a test run: the extension's moz-extension UUID fixed (so the agent can allow
 * that origin), and Firefox's own background traffic (updates, telemetry, experiments, remote
 * settings) switched off so the run touches nothing but 127.0.0.1.
 */
export function writeFirefoxProfile(
  dir: string,
  extensionUuids: Record<string, string>,
  extra: Record<string, string | number | boolean> = {},
): void {
  mkdirSync(dir, { recursive: true });
  const prefs: Record<string, string | number | boolean> = {
    ...extra,
    "extensions.webextensions.uuids": JSON.stringify(extensionUuids),
    "app.update.disabledForTesting": true,
    "app.normandy.enabled": false,
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "messaging-system.rsexperimentloader.enabled": false,
    "services.settings.server": "http://127.0.0.1:9/",
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "extensions.update.enabled": false,
    "browser.safebrowsing.update.enabled": false,
  };
  const lines = Object.entries(prefs).map(
    ([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`,
  );
  writeFileSync(join(dir, "user.js"), `${lines.join("\n")}\n`);
}

interface BidiReply {
  id?: number;
  type?: string;
  result?: unknown;
  error?: string;
  message?: string;
}

/** A WebDriver BiDi session on a headless Firefox: the W3C protocol Firefox speaks natively. */
export interface FirefoxSession {
  send<T>(method: string, params: object): Promise<T>;
  /** Runs `expression` in a browsing context (a tab) and returns its JSON-serialisable value. */
  evaluate<T>(context: string, expression: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts `firefox-esr --headless` on `profileDir` with WebDriver BiDi on a free port and opens a
 * session. Firefox's standard error is kept in `log` for failure messages.
 */
export async function launchFirefox(profileDir: string): Promise<FirefoxSession & { log: () => string }> {
  const child: ChildProcess = spawn(
    FIREFOX_ESR,
    ["--headless", "--no-remote", "--profile", profileDir, "--remote-debugging-port", "0", "about:blank"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" } },
  );
  let log = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Firefox started no BiDi server in 60 s:\n${log}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/[\d.]+:\d+)/.exec(log);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited with ${String(code)}:\n${log}`));
    });
  });

  const socket = new WebSocket(`${endpoint}/session`);
  await once(socket, "open");
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on("message", (data: Buffer) => {
    const reply = JSON.parse(data.toString()) as BidiReply;
    if (reply.id === undefined) return; // events: none subscribed
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === "error")
      waiting?.reject(new Error(`${reply.error ?? "error"}: ${reply.message ?? ""}`));
    else waiting?.resolve(reply.result);
  });
  const send = <T>(method: string, params: object) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("session.new", { capabilities: {} });

  return {
    send,
    log: () => log,
    async evaluate<T>(context: string, expression: string): Promise<T> {
      const result = await send<{
        type: string;
        result?: { type: string; value?: unknown };
        exceptionDetails?: { text: string };
      }>("script.evaluate", {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context },
        awaitPromise: true,
      });
      if (result.type === "exception")
        throw new Error(`script failed: ${result.exceptionDetails?.text ?? ""}`);
      const value = result.result?.value;
      return (typeof value === "string" && value !== "undefined" ? JSON.parse(value) : undefined) as T;
    },
    async close() {
      await send("session.end", {}).catch(() => undefined);
      socket.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
