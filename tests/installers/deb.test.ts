import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../agent/src/cli/commands/index.js";

const root = join(import.meta.dirname, "..", "..");
let deb = "";
let tree = "";

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "shared", "agent"], { cwd: root });
  const out = execFileSync("node", ["installers/deb/build-deb.mjs"], { cwd: root, encoding: "utf8" });
  deb = out.trim().split("\n").at(-1) ?? "";
  // dpkg -x unpacks the payload without touching this machine's dpkg database: the agent is then
  // run from that tree, as it would run from / after `dpkg -i`.
  tree = mkdtempSync(join(tmpdir(), "cns-deb-"));
  execFileSync("dpkg", ["-x", deb, tree]);
}, 120_000);

afterAll(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe(".deb package", () => {
  it("declares its Node runtime dependency", () => {
    const info = execFileSync("dpkg-deb", ["--info", deb], { encoding: "utf8" });
    expect(info).toMatch(/Package: cns-bridge/);
    expect(info).toMatch(/Depends: nodejs \(>= 20\)/);
  });

  it("ships the agent, its production modules, the systemd user unit and the desktop entry", () => {
    const contents = execFileSync("dpkg-deb", ["--contents", deb], { encoding: "utf8" });
    for (const path of [
      "./usr/bin/cns-agent -> ../lib/cns-bridge/agent/bin/cns-agent",
      "./usr/lib/cns-bridge/agent/dist/cli/main.js",
      "./usr/lib/cns-bridge/node_modules/@cns-bridge/shared/dist/",
      "./usr/lib/cns-bridge/node_modules/pkcs11js/",
      "./usr/lib/systemd/user/cns-bridge-agent.service",
      "./usr/share/applications/cns-bridge-doctor.desktop",
      "./usr/share/chromium/extensions/ibjopldpmkdpncckfnebdohilediokme.json",
      "./usr/share/google-chrome/extensions/ibjopldpmkdpncckfnebdohilediokme.json",
    ]) {
      expect(contents).toContain(path);
    }
    expect(contents).not.toContain("node_modules/vitest/");
    expect(contents).not.toContain("node_modules/typescript/");
  });

  it("has maintainer scripts that parse as POSIX sh, and a postrm", () => {
    const control = execFileSync("dpkg-deb", ["--ctrl-tarfile", deb]);
    const names = execFileSync("tar", ["-t"], { input: control, encoding: "utf8" });
    expect(names).toContain("./postinst");
    expect(names).toContain("./postrm");
    for (const script of ["postinst", "postrm"]) {
      execFileSync("sh", ["-n", join(root, "installers", "deb", script)]);
    }
  });

  it("runs `cns-agent doctor --json` from the installed tree", () => {
    const run = spawnSync(join(tree, "usr", "bin", "cns-agent"), ["doctor", "--json"], { encoding: "utf8" });
    expect([0, 1, 3]).toContain(run.status);
    const report = JSON.parse(run.stdout) as { schema: string; agentVersion: string };
    expect(report.schema).toBe("cns-bridge.diagnostics/1");
    expect(report.agentVersion).toBe("0.1.0");
  });

  it("passes lintian: no error, no warning, and every override in the package is used", () => {
    // Overrides (installers/deb/lintian-overrides) each carry the reason in a comment; -I also
    // reports overrides that match nothing, so a stale one fails here too.
    const run = spawnSync("lintian", ["--allow-root", "--tag-display-limit", "0", "-I", deb], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").filter((line) => /^[EW]: /.test(line))).toEqual([]);
    expect(run.stdout).not.toMatch(/unused-override|mismatched-override/);
    expect(run.status).toBe(0);
  }, 120_000);

  it("ships manual pages (en, it) generated from the CLI: every command, no roff warning", () => {
    for (const page of ["usr/share/man/man1/cns-agent.1.gz", "usr/share/man/it/man1/cns-agent.1.gz"]) {
      const roff = execFileSync("zcat", [join(tree, page)], { encoding: "utf8" });
      for (const command of COMMANDS) expect(roff).toContain(`.B ${command.name}\n`);
      const check = spawnSync("groff", ["-man", "-ww", "-z", "-Tutf8"], { input: roff, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    }
  });
});
