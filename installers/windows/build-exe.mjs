// Builds installers/.output/cns-bridge-setup.exe with makensis (-WX: warnings are errors) from the
// tree staged by installers/deb/build-deb.mjs (usr/lib/cns-bridge) plus cns-agent.cmd.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.CNS_INSTALLERS_OUT ?? join(here, "..", ".output");
const stage = join(out, "windows-root");
rmSync(stage, { recursive: true, force: true });
cpSync(join(out, "deb-root", "usr", "lib", "cns-bridge"), stage, { recursive: true });
copyFileSync(join(here, "cns-agent.cmd"), join(stage, "cns-agent.cmd"));
const exe = join(out, "cns-bridge-setup.exe");
execFileSync(
  "makensis",
  ["-WX", "-V2", `-DSTAGE=${stage}`, `-DOUTFILE=${exe}`, join(here, "cns-bridge.nsi")],
  { stdio: "inherit" },
);
console.log(exe);
