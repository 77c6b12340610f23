// Builds installers/.output/cns-bridge-setup.exe with makensis (-WX: warnings are errors): the agent
// staged by stage-agent.mjs, cns-agent.cmd, and a Windows x64 pkcs11js native module, which is
// (in this order) the file named by CNS_WIN_PKCS11JS_NODE (e.g. built on a Windows CI runner), or
// cross-compiled here with MinGW-w64. Without either the installer is still built, for inspection
// only, named cns-bridge-setup-senza-modulo-nativo.exe: the Linux module is never shipped.
// Needs `npx tsc -b shared agent` first.
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stageNativeModule } from "../native-module.mjs";
import { stageAgent } from "../stage-agent.mjs";
import { canCrossCompile, crossCompilePkcs11js } from "./cross-compile-pkcs11js.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = process.env.CNS_INSTALLERS_OUT ?? join(here, "..", ".output");
const stage = join(out, "windows-root");
rmSync(stage, { recursive: true, force: true });
stageAgent(root, stage);
const native = stageNativeModule(stage, {
  envVar: "CNS_WIN_PKCS11JS_NODE",
  format: "pe-x86-64",
  fallback: () =>
    canCrossCompile() ? crossCompilePkcs11js(join(root, "node_modules", "pkcs11js")) : undefined,
});
copyFileSync(join(here, "cns-agent.cmd"), join(stage, "cns-agent.cmd"));
copyFileSync(join(here, "find-card-module.mjs"), join(stage, "find-card-module.mjs"));
if (native === "missing") {
  writeFileSync(
    join(stage, "MODULO-NATIVO-MANCANTE.txt"),
    "Questo installatore non contiene node_modules\\pkcs11js\\build\\Release\\pkcs11.node per Windows:\r\n" +
      "l'agente non può avviarsi. Serve solo a ispezionare il pacchetto. Vedi installers/README.md.\r\n",
  );
}
for (const old of ["cns-bridge-setup.exe", "cns-bridge-setup-senza-modulo-nativo.exe"])
  rmSync(join(out, old), { force: true });
const exe = join(
  out,
  native === "missing" ? "cns-bridge-setup-senza-modulo-nativo.exe" : "cns-bridge-setup.exe",
);
execFileSync(
  "makensis",
  ["-WX", "-V2", `-DSTAGE=${stage}`, `-DOUTFILE=${exe}`, join(here, "cns-bridge.nsi")],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.error(`pkcs11js native module: ${native}`);
console.log(exe);
