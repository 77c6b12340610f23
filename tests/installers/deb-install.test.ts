import { execFileSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { DEVELOPMENT_EXTENSION_ID } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentClient } from "../support/agent-client.js";
import { buildDeb, repoRoot } from "./support/build-deb.js";
import { ThrowawayRoot } from "./support/throwaway-root.js";

// A real `dpkg -i` / run / `dpkg -r` / `dpkg -P` of the built .deb, as root, inside a throwaway
// root (an overlay of this machine's / in a private mount namespace, see throwaway-root.ts): the
// maintainer scripts really run, and this machine's files and dpkg database are never touched.

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
const USER = "cnsuser";
const HOME = `/home/${USER}`;
const CONFIG = `${HOME}/.config/cns-bridge/config.json`;
const LOG = `${HOME}/.local/state/cns-bridge/agent.log`;
/** Where systemd looks for user units enabled for everyone (deb-systemd-helper --user enable). */
const ENABLED_UNIT = "/etc/systemd/user/default.target.wants/cns-bridge-agent.service";
/** The "newer" package of the upgrade test: same content, higher version. */
const NEWER = `${version}+upgrade1`;
/**
 * A module path only the agent's own table knows (IDEMIA, before OpenSC in it): made in the root only,
 * so the Firefox policy proves postinst used `cns-agent modules`.
 */
const FAKE_MODULE = "/usr/lib/libOcsCryptoki.so";

let root: ThrowawayRoot;
let builds = "";
let debFiles: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: repoRoot });
  builds = mkdtempSync(join(tmpdir(), "cns-deb-install-"));
  const deb = buildDeb(builds);
  // tar -t names one member a line (names can hold spaces); directories end with "/".
  const tarball = execFileSync("dpkg-deb", ["--fsys-tarfile", deb], { maxBuffer: 256 * 1024 * 1024 });
  debFiles = execFileSync("tar", ["-t"], { input: tarball, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .split("\n")
    .filter((name) => name !== "" && !name.endsWith("/"))
    .map((name) => name.replace(/^\./, ""));
  root = ThrowawayRoot.create(join(repoRoot, "tests", ".state", "throwaway-roots"));
  mkdirSync(join(root.dir, "upper", "tmp"), { recursive: true });
  copyFileSync(deb, join(root.dir, "upper", "tmp", "cns-bridge.deb"));
  copyFileSync(buildDeb(builds, NEWER), join(root.dir, "upper", "tmp", "cns-bridge-newer.deb"));
  root.must(`useradd --create-home --uid 1500 ${USER} && : > ${FAKE_MODULE}`);
}, 180_000);

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  root?.destroy();
  if (builds) rmSync(builds, { recursive: true, force: true });
});

function status(): string {
  const run = root.sh("dpkg-query -W -f='${Status}' cns-bridge");
  return run.status === 0 ? run.stdout : "not-installed";
}

/** Which of `paths` exist in the root (the list goes through stdin: it can be long). */
function existing(paths: readonly string[]): string[] {
  const run = root.sh(
    'while IFS= read -r p; do if [ -e "$p" ]; then echo "$p"; fi; done',
    {},
    `${paths.join("\n")}\n`,
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.split("\n").filter(Boolean);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts the installed unit's ExecStart as the user (what `systemd --user` would run at login). */
async function startAsUser(extraArgs: readonly string[]): Promise<{ child: ChildProcess; output: string }> {
  const unit = root.must("cat /usr/lib/systemd/user/cns-bridge-agent.service");
  const execStart = /^ExecStart=(.+)$/m.exec(unit)?.[1]?.split(" ") ?? [];
  const modules = JSON.parse(root.must("cns-agent modules --json")) as {
    modules: { id: string; path: string }[];
  };
  // The fake IDEMIA file cannot load: the agent is pointed at OpenSC (no reader: zero slots), as a
  // user's config would point it at their middleware.
  const opensc = modules.modules.find((module) => module.id === "opensc")?.path ?? "";
  const child = root.spawn(
    ["setpriv", "--reuid=1500", "--regid=1500", "--init-groups", ...execStart, ...extraArgs],
    { HOME, USER, CNS_BRIDGE_MODULE: opensc },
  );
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/listening on ws:\/\/127\.0\.0\.1:\d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited ${code}:\n${output}`));
    });
  });
  return { child, output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.removeAllListeners("exit");
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return exited;
}

describe(".deb installed, run and removed in a throwaway root", () => {
  it("installs with dpkg -i: dpkg says installed and every file of the package is in place", () => {
    expect(status()).toBe("not-installed");
    root.must("dpkg -i /tmp/cns-bridge.deb");
    expect(status()).toBe("install ok installed");
    expect(debFiles.length).toBeGreaterThan(100);
    expect(existing(debFiles)).toEqual(debFiles);
    // The package's md5sums match what is on disk.
    expect(root.must("dpkg --verify cns-bridge")).toBe("");
  });

  it("postinst enabled the systemd user unit for every user's login", () => {
    expect(root.must(`readlink ${ENABLED_UNIT}`).trim()).toBe(
      "/usr/lib/systemd/user/cns-bridge-agent.service",
    );
  });

  it("postinst wired Firefox to the PKCS#11 module it found, and marked the policy as its own", () => {
    const policy = JSON.parse(root.must("cat /etc/firefox/policies/policies.json")) as unknown;
    expect(policy).toEqual({ policies: { SecurityDevices: { Add: { CNS: FAKE_MODULE } } } });
    expect(existing(["/etc/firefox/policies/.cns-bridge-owned"])).toHaveLength(1);
  });

  it("runs `cns-agent --version` and `doctor --json` from the installed location", () => {
    expect(root.must("command -v cns-agent").trim()).toBe("/usr/bin/cns-agent");
    expect(root.must("cns-agent --version").trim()).toBe(`cns-agent ${version}`);
    const doctor = root.sh("cns-agent doctor --json", { HOME });
    expect([0, 1, 3]).toContain(doctor.status);
    const report = JSON.parse(doctor.stdout) as { schema: string; agentVersion: string };
    expect(report).toMatchObject({ schema: "cns-bridge.diagnostics/1", agentVersion: version });
  });

  it("ships a systemd user unit that `systemd-analyze verify` accepts once installed", () => {
    const verify = root.sh("systemd-analyze verify /usr/lib/systemd/user/cns-bridge-agent.service");
    expect(verify.stderr).toBe("");
    expect(verify.status).toBe(0);
  });

  it("starts as the user with the unit's command: creates the config (0600), tells its version", async () => {
    const port = await freePort();
    const { child, output } = await startAsUser(["--port", String(port)]);
    expect(output).toContain(`Configurazione: ${CONFIG} (creata ora con i valori predefiniti)`);
    expect(output).toContain(`Log: ${LOG}`);
    expect(root.must(`stat -c '%a %U' ${CONFIG}`).trim()).toBe(`600 ${USER}`);
    const client = await AgentClient.connect(
      `ws://127.0.0.1:${port}`,
      `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`,
    );
    const hello = await client.expectResult("hello", { client: "deb-install-test" });
    expect(hello).toMatchObject({ type: "hello.result", agentVersion: version });
    await client.close();
    expect(await stop(child)).toBe(0);
  });

  it("an upgrade (dpkg -i of a newer .deb) keeps the user's modified config, which the agent then uses", async () => {
    const port = await freePort();
    const mine = `{"port":${port},"allowedOrigins":[],"note":"edited by the user"}\n`;
    root.must(`printf '%s' '${mine}' > ${CONFIG}`);
    root.must("dpkg -i /tmp/cns-bridge-newer.deb");
    expect(root.must("dpkg-query -W -f='${Status} ${Version}' cns-bridge")).toBe(
      `install ok installed ${NEWER}`,
    );
    expect(root.must(`cat ${CONFIG}`)).toBe(mine);
    const { child, output } = await startAsUser([]);
    expect(output).toContain(`Configurazione: ${CONFIG}\n`);
    expect(output).toContain(`listening on ws://127.0.0.1:${port}`);
    expect(await stop(child)).toBe(0);
    expect(root.must(`cat ${LOG}`)).toMatch(/"msg":"agent started"/);
  });

  it("dpkg -r removes every file of the package and what postinst added, and keeps the user's config", () => {
    root.must("dpkg -r cns-bridge");
    expect(status()).toBe("deinstall ok config-files");
    expect(existing(debFiles)).toEqual([]);
    expect(
      existing(["/etc/firefox/policies/policies.json", "/etc/firefox/policies/.cns-bridge-owned"]),
    ).toEqual([]);
    expect(existing([CONFIG, LOG])).toEqual([CONFIG, LOG]);
    expect(existing([ENABLED_UNIT])).toEqual([]);
  });

  it("dpkg -P purges: the user's config is gone and dpkg no longer knows the package", () => {
    root.must("dpkg -P cns-bridge");
    expect(status()).toBe("not-installed");
    expect(existing([`${HOME}/.config/cns-bridge`, `${HOME}/.local/state/cns-bridge`])).toEqual([]);
    expect(existing([CONFIG, LOG])).toEqual([]);
    // deb-systemd-helper's record of the unit's enabled state is gone too.
    expect(
      root.must("grep -rl cns-bridge-agent /var/lib/systemd/deb-systemd-user-helper-enabled || true"),
    ).toBe("");
    expect(existing([HOME, FAKE_MODULE])).toEqual([HOME, FAKE_MODULE]);
  });
});
