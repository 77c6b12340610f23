import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SUPPORT = fileURLToPath(new URL(".", import.meta.url));
const PYTHON = "/usr/bin/python3";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

function stop(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function openscList(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile("opensc-tool", ["--list-readers"], { env, timeout: 5000 }, (_error, stdout) => resolve(stdout));
  });
}

async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A real PC/SC stack for tests: Debian's pcscd on a private socket, with the vpcd driver (from
 * vsmartcard-vpcd) listening on a free port, and a vicc virtual card connected or not.
 * `withReader: false` starts pcscd with no reader configured.
 */
export class VirtualReader {
  readonly env: NodeJS.ProcessEnv;
  #pcscd: ChildProcess | null = null;
  #card: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly socket: string,
    readonly vpcdPort: number,
    readonly withReader: boolean,
  ) {
    this.env = { PATH: process.env.PATH ?? "/usr/bin:/bin", PCSCLITE_CSOCK_NAME: socket };
  }

  static async start(dir: string, options: { withReader: boolean }): Promise<VirtualReader> {
    const confDir = join(dir, "reader.conf.d");
    await mkdir(confDir, { recursive: true });
    const port = await freePort();
    if (options.withReader) {
      const hex = `0x${port.toString(16).toUpperCase()}`;
      await writeFile(
        join(confDir, "vpcd"),
        `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    ${hex}\n`,
      );
    }
    const reader = new VirtualReader(dir, join(dir, "pcscd.comm"), port, options.withReader);
    reader.#pcscd = spawn(PYTHON, [join(SUPPORT, "pcscd-private-socket.py"), reader.socket, confDir], {
      stdio: "ignore",
      env: { ...process.env },
    });
    await waitFor("pcscd's socket", async () => existsSync(reader.socket));
    if (options.withReader) {
      await waitFor("the vpcd reader", async () => (await openscList(reader.env)).includes("Virtual PCD"));
    }
    return reader;
  }

  /** Connects a virtual card answering with `atr`, and waits until PC/SC sees it. */
  async insertCard(atr: string): Promise<void> {
    await this.removeCard();
    this.#card = spawn(PYTHON, [join(SUPPORT, "virtual-card.py"), atr, String(this.vpcdPort)], {
      stdio: "ignore",
    });
    await waitFor("the virtual card", async () => /^0\s+Yes/m.test(await openscList(this.env)));
  }

  async removeCard(): Promise<void> {
    if (this.#card === null) return;
    await stop(this.#card);
    this.#card = null;
    await waitFor("the card removal", async () => !/\sYes\s/.test(await openscList(this.env)));
  }

  async stop(): Promise<void> {
    await stop(this.#card);
    this.#card = null;
    await stop(this.#pcscd);
    this.#pcscd = null;
  }
}
