// Builds installers/.output/cns-bridge_<version>_<arch>.deb: the agent staged by stage-agent.mjs,
// the cns-agent command, the systemd user unit, the desktop entry, Chrome/Chromium external
// extension files, the manual page, copyright and changelog, maintainer scripts and lintian
// overrides. Needs `npx tsc -b shared agent` first.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { stageAgent } from "../stage-agent.mjs";
import { manPage } from "./man-page.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = process.env.CNS_INSTALLERS_OUT ?? join(root, "installers", ".output");
const stage = join(out, "deb-root");
const lib = join(stage, "usr", "lib", "cns-bridge");
const doc = join(stage, "usr", "share", "doc", "cns-bridge");
// CNS_DEB_VERSION: the tests build a "newer" package to check that an upgrade keeps the user's config.
const version =
  process.env.CNS_DEB_VERSION ?? JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const arch = execFileSync("dpkg", ["--print-architecture"], { encoding: "utf8" }).trim();
const maintainer = "cns-bridge <maintainers@cns-bridge.dev>";
const extensionId = "ibjopldpmkdpncckfnebdohilediokme";
// The date of the commit being packaged (reproducible); the build time outside a git checkout.
const when = new Date(
  process.env.SOURCE_DATE_EPOCH
    ? Number(process.env.SOURCE_DATE_EPOCH) * 1000
    : (() => {
        try {
          return (
            Number(execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" })) * 1000
          );
        } catch {
          return Date.now();
        }
      })(),
);

function put(from, to, mode = 0o644) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

function putText(to, text, mode = 0o644) {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, text);
  chmodSync(to, mode);
}

/** gzip -9n: no name, no time stamp (lintian and reproducibility). */
function putGzip(to, text) {
  mkdirSync(dirname(to), { recursive: true });
  const gz = gzipSync(Buffer.from(text), { level: 9 });
  gz[4] = gz[5] = gz[6] = gz[7] = 0; // MTIME = 0
  writeFileSync(to, gz);
  chmodSync(to, 0o644);
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "DEBIAN"), { recursive: true });
const bundled = stageAgent(root, lib);

mkdirSync(join(stage, "usr", "bin"), { recursive: true });
symlinkSync("../lib/cns-bridge/agent/bin/cns-agent", join(stage, "usr", "bin", "cns-agent"));
put(
  join(here, "cns-bridge-agent.service"),
  join(stage, "usr", "lib", "systemd", "user", "cns-bridge-agent.service"),
);
put(
  join(here, "cns-bridge-doctor.desktop"),
  join(stage, "usr", "share", "applications", "cns-bridge-doctor.desktop"),
);
for (const browser of ["google-chrome", "chromium"]) {
  put(
    join(here, "chrome-external-extension.json"),
    join(stage, "usr", "share", browser, "extensions", `${extensionId}.json`),
  );
}

const day = when.toISOString().slice(0, 10);
putGzip(
  join(stage, "usr", "share", "man", "man1", "cns-agent.1.gz"),
  await manPage(root, "en", version, day),
);
putGzip(
  join(stage, "usr", "share", "man", "it", "man1", "cns-agent.1.gz"),
  await manPage(root, "it", version, day),
);

// Native package (no Debian revision): its changelog is changelog.gz.
putGzip(
  join(doc, "changelog.gz"),
  `cns-bridge (${version}) unstable; urgency=medium\n\n  * Release ${version}.\n\n -- ${maintainer}  ${when
    .toUTCString()
    .replace("GMT", "+0000")}\n`,
);
putText(
  join(doc, "copyright"),
  [
    "cns-bridge",
    "Homepage: https://cns-bridge.dev",
    "",
    `Copyright: 2025-${when.getUTCFullYear()} cns-bridge contributors`,
    "License: EUPL-1.2 (European Union Public Licence v. 1.2,",
    " https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12)",
    "",
    "Bundled Node.js packages, in /usr/lib/cns-bridge/node_modules, each under its own",
    "licence; the licence text is in the package's directory (LICENSE or similar):",
    "",
    ...bundled
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((pkg) => ` ${pkg.name} ${pkg.version}: ${pkg.license} (${relative(stage, pkg.dir)})`),
    "",
  ].join("\n"),
);
put(join(here, "lintian-overrides"), join(stage, "usr", "share", "lintian", "overrides", "cns-bridge"));

writeFileSync(
  join(stage, "DEBIAN", "control"),
  readFileSync(join(here, "control.template"), "utf8")
    .replace("@VERSION@", version)
    .replace("@ARCH@", arch)
    .replace("@MAINTAINER@", maintainer)
    .replace("@SHLIBS@", sharedLibraryDepends()),
);
for (const script of ["postinst", "postrm"]) put(join(here, script), join(stage, "DEBIAN", script), 0o755);
// md5sums lets `dpkg --verify cns-bridge` tell a user whether the installed files were altered.
putText(
  join(stage, "DEBIAN", "md5sums"),
  execFileSync("sh", ["-c", "find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum"], {
    cwd: stage,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }),
);

const deb = join(out, `cns-bridge_${version}_${arch}.deb`);
execFileSync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", stage, deb], {
  stdio: ["ignore", "ignore", "inherit"],
});
console.log(deb);

/**
 * The libraries the native module links to, as dpkg-shlibdeps computes them (it needs a
 * debian/control to run: a throwaway one). Undefined-symbol warnings are expected: Node's N-API
 * symbols come from the node binary that loads the module.
 */
function sharedLibraryDepends() {
  const dir = mkdtempSync(join(tmpdir(), "cns-shlibdeps-"));
  try {
    mkdirSync(join(dir, "debian"));
    writeFileSync(
      join(dir, "debian", "control"),
      "Source: cns-bridge\n\nPackage: cns-bridge\nArchitecture: any\n",
    );
    const native = execFileSync("find", [lib, "-name", "*.node", "-type", "f"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const line = execFileSync("dpkg-shlibdeps", ["-O", "--warnings=0", ...native], {
      cwd: dir,
      encoding: "utf8",
    });
    const depends = /^shlibs:Depends=(.+)$/m.exec(line)?.[1];
    if (!depends) throw new Error(`dpkg-shlibdeps printed no shlibs:Depends: ${line}`);
    return depends;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
