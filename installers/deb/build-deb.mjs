// Builds installers/.output/cns-bridge_<version>_<arch>.deb from agent/dist, shared/dist and the
// agent's production node_modules (as listed by `npm ls --omit=dev`). Needs `npx tsc -b shared agent` first.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = process.env.CNS_INSTALLERS_OUT ?? join(root, "installers", ".output");
const stage = join(out, "deb-root");
const lib = join(stage, "usr", "lib", "cns-bridge");
// CNS_DEB_VERSION: the tests build a "newer" package to check that an upgrade keeps the user's config.
const version =
  process.env.CNS_DEB_VERSION ?? JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const arch = execFileSync("dpkg", ["--print-architecture"], { encoding: "utf8" }).trim();

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "DEBIAN"), { recursive: true });
for (const part of ["bin", "dist", "package.json"])
  cpSync(join(root, "agent", part), join(lib, "agent", part), { recursive: true });
const deps = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable", "-w", "agent"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((p) => p.includes(`${join(root, "node_modules")}/`) && !p.endsWith("@cns-bridge/agent"));
for (const dep of new Set(deps)) {
  const target = join(lib, relative(root, dep));
  const parts = dep.endsWith("@cns-bridge/shared") ? ["dist", "package.json"] : [""];
  for (const part of parts)
    cpSync(join(dep, part), join(target, part), { recursive: true, dereference: true });
}
mkdirSync(join(stage, "usr", "bin"), { recursive: true });
symlinkSync("../lib/cns-bridge/agent/bin/cns-agent", join(stage, "usr", "bin", "cns-agent"));
mkdirSync(join(stage, "usr", "lib", "systemd", "user"), { recursive: true });
copyFileSync(
  join(here, "cns-bridge-agent.service"),
  join(stage, "usr", "lib", "systemd", "user", "cns-bridge-agent.service"),
);
mkdirSync(join(stage, "usr", "share", "applications"), { recursive: true });
copyFileSync(
  join(here, "cns-bridge-doctor.desktop"),
  join(stage, "usr", "share", "applications", "cns-bridge-doctor.desktop"),
);
writeFileSync(
  join(stage, "DEBIAN", "control"),
  readFileSync(join(here, "control.template"), "utf8").replace("@VERSION@", version).replace("@ARCH@", arch),
);
chmodSync(join(lib, "agent", "bin", "cns-agent"), 0o755);
for (const script of ["postinst", "postrm"]) {
  copyFileSync(join(here, script), join(stage, "DEBIAN", script));
  chmodSync(join(stage, "DEBIAN", script), 0o755);
}
const extensionId = "ibjopldpmkdpncckfnebdohilediokme";
for (const browser of ["google-chrome", "chromium"]) {
  mkdirSync(join(stage, "usr", "share", browser, "extensions"), { recursive: true });
  copyFileSync(
    join(here, "chrome-external-extension.json"),
    join(stage, "usr", "share", browser, "extensions", `${extensionId}.json`),
  );
}
const deb = join(out, `cns-bridge_${version}_${arch}.deb`);
execFileSync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", stage, deb], { stdio: "inherit" });
console.log(deb);
