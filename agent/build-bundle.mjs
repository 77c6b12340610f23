// Bundles the built agent (dist/, from `tsc -b shared agent`) into dist/bundle/cns-agent.cjs: one
// minified file that Node parses once instead of resolving and evaluating hundreds of modules, so
// `cns-agent serve` listens several times sooner and holds less memory (npm run bench measures
// both). bin/cns-agent runs it when it is newer than the last tsc build, else dist/ as before.
// CommonJS, so that bin/cns-agent can hand V8 the code cache made here (cns-agent.cjs.cache):
// Node 20 has no code cache for ES modules, and compiling the bundle was a third of a start.
import { rmSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const agentDir = fileURLToPath(new URL(".", import.meta.url));

/**
 * The shared package only declares and exports code (no module does anything when loaded), so the
 * parts the agent never imports (the pagoPA PDFs with pdf-lib, the page API, the route) are left
 * out of the bundle instead of being loaded at every start.
 */
const sharedHasNoSideEffects = {
  name: "shared-has-no-side-effects",
  setup(bundle) {
    bundle.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving === true) return undefined;
      const inShared =
        args.path.startsWith("@cns-bridge/shared") ||
        (args.path.startsWith(".") && args.importer.includes("/shared/dist/"));
      if (!inShared) return undefined;
      const resolved = await bundle.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

statSync(new URL("dist/cli/main.js", import.meta.url)); // built by tsc first
const bundleFile = `${agentDir}dist/bundle/cns-agent.cjs`;
rmSync(`${agentDir}dist/bundle`, { recursive: true, force: true });
await build({
  stdin: {
    contents:
      'import { runCli } from "./dist/cli/main.js";\n' +
      "runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n",
    resolveDir: agentDir,
    sourcefile: "cns-agent-entry.mjs",
    loader: "js",
  },
  outfile: bundleFile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  // Error classes and log lines keep their real names.
  keepNames: true,
  // The native PKCS#11 binding is loaded from node_modules as before.
  external: ["pkcs11js"],
  // The agent finds its package.json relative to its own file.
  define: { "import.meta.url": "cnsBundleUrl" },
  banner: { js: 'const cnsBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [sharedHasNoSideEffects],
  logLevel: "warning",
});

// One run through bin/cns-agent (which uses the fresh bundle) writes the code cache beside it.
const run = spawnSync(process.execPath, [`${agentDir}bin/cns-agent`, "--help"], {
  env: { ...process.env, CNS_AGENT_WRITE_CODE_CACHE: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
if (run.status !== 0) throw new Error(`bin/cns-agent --help with the new bundle exited ${run.status}`);
statSync(`${bundleFile}.cache`);
