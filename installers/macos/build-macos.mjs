// Builds the macOS package tree, ready for pkgbuild on a Mac, and its tarball:
//   <out>/macos-root/payload/  → installed at / (the agent, its launcher, the LaunchAgent)
//   <out>/macos-root/scripts/  → pkgbuild --scripts (postinstall)
//   <out>/cns-bridge-macos-<version>[-senza-modulo-nativo].tar.gz
// The pkcs11js native module must be a macOS build: on a Mac the one npm ci built is used; on
// Linux, the file named by CNS_MAC_PKCS11JS_NODE (a Mac CI runner's build), else the tree has no
// native module and its name says so (for inspection only: the agent cannot start without it).
// Needs `npx tsc -b shared agent` first.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pkcs11NodePath, stageNativeModule } from "../native-module.mjs";
import { stageAgent } from "../stage-agent.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = process.env.CNS_INSTALLERS_OUT ?? join(root, "installers", ".output");
const tree = join(out, "macos-root");
const payload = join(tree, "payload");
const app = join(payload, "Library", "Application Support", "cns-bridge");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

function put(from, to, mode) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

rmSync(tree, { recursive: true, force: true });
stageAgent(root, app);
const native = stageNativeModule(app, {
  envVar: "CNS_MAC_PKCS11JS_NODE",
  format: "mach-o",
  // On a Mac, npm ci has just built pkcs11js for this Mac.
  fallback: () => (process.platform === "darwin" ? readFileSync(pkcs11NodePath(root)) : undefined),
});
put(join(here, "cns-agent"), join(app, "bin", "cns-agent"), 0o755);
put(join(here, "cns-agent-node"), join(app, "bin", "cns-agent-node"), 0o755);
put(join(here, "uninstall.sh"), join(app, "uninstall.sh"), 0o755);
put(
  join(here, "dev.cns-bridge.agent.plist"),
  join(payload, "Library", "LaunchAgents", "dev.cns-bridge.agent.plist"),
  0o644,
);
put(join(here, "scripts", "postinstall"), join(tree, "scripts", "postinstall"), 0o755);
if (native === "missing") {
  writeFileSync(
    join(app, "MODULO-NATIVO-MANCANTE.txt"),
    "Questo albero non contiene node_modules/pkcs11js/build/Release/pkcs11.node per macOS:\n" +
      "l'agente non può avviarsi. Serve solo a ispezionare il pacchetto. Su un Mac, `npm ci` e\n" +
      "`node installers/macos/build-macos.mjs` (oppure CNS_MAC_PKCS11JS_NODE=<pkcs11.node per macOS>)\n" +
      "producono l'albero completo; vedi installers/README.md.\n",
  );
}
const name = `cns-bridge-macos-${version}${native === "missing" ? "-senza-modulo-nativo" : ""}.tar.gz`;
const tarball = join(out, name);
// Files owned by root in the archive (GNU tar here, bsdtar on a Mac spell it differently).
const owner =
  process.platform === "darwin"
    ? ["--uid", "0", "--gid", "0"]
    : ["--owner=0", "--group=0", "--numeric-owner"];
execFileSync("tar", [...owner, "-czf", tarball, "-C", tree, "."]);
console.log(tarball);
