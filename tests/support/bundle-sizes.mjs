// The built extension's weight as the browser loads it, gzip: what each entry (content script,
// background, every extension page) loads at start, and what it loads later on demand. Plain Node,
// no dependencies, so both the size test and `npm run bench` compute the same table.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Issue 11's targets (gzip): the content script runs in every page the holder opens. */
export const BUNDLE_BUDGETS = {
  contentScript: 12 * 1024,
  background: 40 * 1024,
  page: 60 * 1024,
};

/** Web eID 2.5.0's extension, the anchor of the bench row (KiB, gzip). */
export const WEB_EID_ANCHORS = { contentScript: 12.3, background: 16.7 };

export const EXTENSION_OUTPUT = fileURLToPath(new URL("../../extension/.output/", import.meta.url));

/** gzip -9 of one file, the way the bench has always measured it. */
function gzipBytes(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

// Minified ES modules: `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`.
const STATIC_IMPORT = /(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g;
// `import("./x.js")`, the lazy chunks a module loads on demand.
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g;
// A script emitted as an asset and loaded by URL at run time (Vite's `?url`: pdf.js's worker).
const SCRIPT_ASSET_URL = /["'](\/?assets\/[^"']+\.m?js)["']/g;

function resolveFrom(root, importer, specifier) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return null; // no remote code is bundled; never count it
  const path = specifier.startsWith("/")
    ? join(root, specifier)
    : normalize(join(dirname(join(root, importer)), specifier));
  return relative(root, path);
}

function importsOf(root, file) {
  const text = readFileSync(join(root, file), "utf8");
  const collect = (pattern) =>
    [...text.matchAll(pattern)]
      .map((match) => resolveFrom(root, file, match[1]))
      .filter((path) => path !== null && existsSync(join(root, path)));
  return {
    staticImports: collect(STATIC_IMPORT),
    lazyImports: [...new Set([...collect(DYNAMIC_IMPORT), ...collect(SCRIPT_ASSET_URL)])],
  };
}

/** Every file `entries` load before running: the entries and their static imports, transitively. */
function staticClosure(root, entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(root, file).staticImports);
  }
  return [...seen];
}

function weigh(root, files) {
  return files.reduce((sum, file) => sum + gzipBytes(join(root, file)), 0);
}

/**
 * An entry's weight: `initial` is what it loads at start (gzip of each file, summed), `lazy` each
 * chunk it can import later, with only the files not already loaded at start.
 */
function entryWeight(root, name, entries) {
  const initial = staticClosure(root, entries);
  const loaded = new Set(initial);
  const lazyRoots = new Set();
  for (const file of initial) for (const lazy of importsOf(root, file).lazyImports) lazyRoots.add(lazy);
  const lazy = [];
  const counted = new Set(loaded);
  const pending = [...lazyRoots];
  while (pending.length > 0) {
    const chunk = pending.shift();
    if (counted.has(chunk)) continue;
    const closure = staticClosure(root, [chunk]).filter((file) => !counted.has(file));
    for (const file of closure) counted.add(file);
    lazy.push({ chunk, files: closure, gzip: weigh(root, closure) });
    for (const file of closure) pending.push(...importsOf(root, file).lazyImports);
  }
  return { name, entries, files: initial, gzip: weigh(root, initial), lazy };
}

/** The `<script src>` and `<link rel=modulepreload>` JavaScript an extension page starts with. */
function pageScripts(root, html) {
  const text = readFileSync(join(root, html), "utf8");
  const sources = [
    ...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...text.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((match) => resolveFrom(root, html, match[1]));
  return [...new Set(sources.filter((path) => path !== null && existsSync(join(root, path))))];
}

/**
 * The table for one build directory (`chrome-mv3`, `firefox-mv2`, `firefox-mv3`): every content
 * script, the background, and every extension page, each with what it loads at start and on demand.
 */
export function measureBuild(buildDir) {
  const manifest = JSON.parse(readFileSync(join(buildDir, "manifest.json"), "utf8"));
  const contentScripts = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);
  const background = manifest.background ?? {};
  const backgroundEntries = background.service_worker
    ? [background.service_worker]
    : background.page
      ? pageScripts(buildDir, background.page)
      : (background.scripts ?? []);
  const pages = readdirSync(buildDir)
    .filter((name) => name.endsWith(".html"))
    .sort();
  return {
    contentScripts: contentScripts.map((file) => entryWeight(buildDir, file, [file])),
    background: entryWeight(buildDir, "background", backgroundEntries),
    pages: pages.map((page) => entryWeight(buildDir, page, pageScripts(buildDir, page))),
  };
}

/**
 * One row per entry and budget, ready for a table: `gzip` in bytes, `budget` in bytes (null for
 * lazy chunks, which have no target of their own), `holds` when within budget.
 */
export function bundleSizeRows(buildDir = join(EXTENSION_OUTPUT, "chrome-mv3")) {
  const build = measureBuild(buildDir);
  const rows = [];
  const add = (kind, entry, budget) => {
    rows.push({
      kind,
      name: entry.name,
      files: entry.files,
      gzip: entry.gzip,
      budget,
      holds: entry.gzip <= budget,
    });
    for (const lazy of entry.lazy) {
      rows.push({
        kind: "lazy",
        name: `${entry.name} → ${lazy.chunk}`,
        files: lazy.files,
        gzip: lazy.gzip,
        budget: null,
        holds: true,
      });
    }
  };
  for (const script of build.contentScripts) add("content-script", script, BUNDLE_BUDGETS.contentScript);
  add("background", build.background, BUNDLE_BUDGETS.background);
  for (const page of build.pages) add("page", page, BUNDLE_BUDGETS.page);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const build = process.argv[2] ?? "chrome-mv3";
  const rows = bundleSizeRows(join(EXTENSION_OUTPUT, build));
  console.table(
    rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      "gzip KiB": (row.gzip / 1024).toFixed(1),
      "budget KiB": row.budget === null ? "" : (row.budget / 1024).toFixed(0),
      holds: row.holds ? "yes" : "NO",
    })),
  );
}
