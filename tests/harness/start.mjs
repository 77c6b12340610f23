// `npm start`: the main job on a fresh machine. Installs what is missing, builds, uses the real
// card when one is present (else the test CNS on SoftHSM2), starts the agent, the sandbox portal
// and the pagoPA stand-in, and opens Chromium with the extension on the portal's landing page.
// Ctrl-C stops everything. State (test CNS, portal and pagoPA databases, browser profile) persists
// under .state/ between runs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNodeModules } from "./ensure-system.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const stateDir = process.env.CNS_BRIDGE_STATE_DIR ?? `${repoRoot}/.state`;
const ports = {
  agent: Number(process.env.CNS_BRIDGE_AGENT_PORT ?? 45927),
  portal: Number(process.env.CNS_BRIDGE_PORTAL_PORT ?? 8091),
  pagopa: Number(process.env.CNS_BRIDGE_PAGOPA_PORT ?? 8092),
};

function step(message) {
  console.log(`\n▶ ${message}`);
}

function runOrExit(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`✗ ${command} ${args.join(" ")} non è riuscito (exit ${result.status}).`);
    process.exit(1);
  }
}

step("Preparo il sistema (pacchetti Debian, dipendenze npm)");
ensureDebianPackages();
ensureNodeModules();

step("Compilo agente, libreria condivisa ed estensione");
runOrExit("npm", ["run", "--silent", "build"]);

step("Cerco una CNS reale");
/** The first known middleware (other than the test token) that shows a token, if any. */
function findRealToken() {
  const modules = spawnSync("node", ["agent/bin/cns-agent", "modules", "--json"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (modules.status !== 0) return null;
  for (const module of JSON.parse(modules.stdout).modules) {
    if (module.id === "softhsm2") continue;
    const listed = spawnSync("node", ["agent/bin/cns-agent", "tokens", "--json", "--module", module.path], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    if (listed.status !== 0) continue;
    const tokens = JSON.parse(listed.stdout).tokens.filter((token) => token.certificates.length > 0);
    if (tokens.length > 0) return { module: module.path, tokens };
  }
  return null;
}
let agentEnv = { ...process.env };
let agentModuleArgs = [];
let demoPin = null;
const real = findRealToken();
if (real !== null) {
  console.log(`  trovata: ${real.tokens.map((token) => token.label).join(", ")} (modulo ${real.module})`);
  agentModuleArgs = ["--module", real.module];
} else {
  console.log("  nessuna carta reale: uso la CNS di prova su SoftHSM2");
  runOrExit("npm", ["run", "--silent", "pki"]);
  const manifest = JSON.parse(readFileSync(`${stateDir}/pki/manifest.json`, "utf8"));
  const token = manifest.tokens["holder-rsa"];
  agentEnv = { ...agentEnv, SOFTHSM2_CONF: manifest.softhsm2Conf };
  agentModuleArgs = ["--module", manifest.modulePath];
  demoPin = `${token.userPin} (carta "${token.label}", ${token.holder.givenName} ${token.holder.surname})`;
}

const children = [];
function startChild(name, command, args, env = process.env) {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`✗ ${name} si è fermato (${signal ?? code}). Chiudo tutto.`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
let browserContext = null;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nChiudo browser, portale, pagoPA e agente…");
  await browserContext?.close().catch(() => undefined);
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

async function waitForHttp(url, what) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`✗ ${what} non risponde su ${url}`);
  await stopAll(1);
}

step("Avvio l'agente cns-bridge");
startChild(
  "agente",
  "node",
  ["agent/bin/cns-agent", "serve", "--port", String(ports.agent), ...agentModuleArgs],
  agentEnv,
);
await waitForHttp(`http://127.0.0.1:${ports.agent}/health`, "L'agente");

step("Avvio il portale di prova e pagoPA");
startChild("sandbox", "npm", [
  "run",
  "--silent",
  "sandbox",
  "--",
  "--portal-port",
  String(ports.portal),
  "--pagopa-port",
  String(ports.pagopa),
]);
const portalUrl = `http://127.0.0.1:${ports.portal}/`;
await waitForHttp(portalUrl, "Il portale");

step("Apro Chromium con l'estensione");
const { chromium } = await import("playwright-core");
const extensionDir = `${repoRoot}/extension/.output/chrome-mv3`;
if (!existsSync(`${extensionDir}/manifest.json`)) {
  console.error(`✗ estensione non compilata in ${extensionDir}`);
  await stopAll(1);
}
const profileDir = `${stateDir}/browser-profile`;
mkdirSync(profileDir, { recursive: true });
const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
browserContext = await chromium.launchPersistentContext(profileDir, {
  executablePath: "/usr/bin/chromium",
  headless,
  viewport: null,
  args: [
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ],
});
browserContext.on("close", () => void stopAll(0));

// The demo profile points the extension at this run's agent and sandbox portal, and turns on
// developer mode because the sandbox portal is served over http://127.0.0.1 (the page API answers
// only https sites otherwise). A holder's own browser profile is never touched.
const worker =
  browserContext.serviceWorkers()[0] ??
  (await browserContext.waitForEvent("serviceworker", { timeout: 30_000 }));
const portalOrigin = `http://127.0.0.1:${ports.portal}`;
await worker.evaluate((values) => globalThis.chrome.storage.local.set(values), {
  agentPort: ports.agent,
  portalOrigin,
  developerMode: true,
});
const wizardUrl = `${worker.url().split("/").slice(0, 3).join("/")}/route.html`;

const page = browserContext.pages()[0] ?? (await browserContext.newPage());
await page.goto(portalUrl);
const wizard = await browserContext.newPage();
await wizard.goto(wizardUrl);

console.log(`
cns-bridge è pronto.
  Portale (richiesta nuovo dispositivo): ${portalUrl}
  Procedura guidata (estensione):        ${wizardUrl}
    (anche dall'icona di cns-bridge: «Richiedi nuovo dispositivo»)
  pagoPA (stand-in):                     http://127.0.0.1:${ports.pagopa}/
  Agente:                                ws://127.0.0.1:${ports.agent}
${demoPin === null ? "  Usa il PIN della tua carta." : `  PIN della CNS di prova:                ${demoPin}`}
${headless ? "  (nessun display: Chromium è avviato senza finestra)\n" : ""}Premi Ctrl-C per chiudere tutto.`);
