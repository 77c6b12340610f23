// Bundles the built agent (dist/, from `tsc -b shared agent`) into dist/bundle/cns-agent.mjs: one
// minified file that Node parses once instead of resolving and evaluating hundreds of modules, so
// `cns-agent serve` listens several times sooner and holds less memory (npm run bench measures
// both). bin/cns-agent runs it when it is newer than the last tsc build, else dist/ as before.
import { statSync } from "node:fs";
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
await build({
  stdin: {
    contents:
      'import { runCli } from "./dist/cli/main.js";\nprocess.exitCode = await runCli(process.argv.slice(2));\n',
    resolveDir: agentDir,
    sourcefile: "cns-agent-entry.mjs",
    loader: "js",
  },
  outfile: `${agentDir}dist/bundle/cns-agent.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  // Error classes and log lines keep their real names.
  keepNames: true,
  // The native PKCS#11 binding is loaded from node_modules as before.
  external: ["pkcs11js"],
  // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as cnsCreateRequire } from "node:module"; const require = cnsCreateRequire(import.meta.url);',
  },
  plugins: [sharedHasNoSideEffects],
  logLevel: "warning",
});
