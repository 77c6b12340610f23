import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { Env, Hono } from "hono";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

/**
 * Serves ES modules for the pages: `/assets/shared/...` from shared's build, `/assets/zod/...`
 * from zod's package. Only .js files inside those folders; no path escapes.
 */
export function serveAssets<E extends Env>(app: Hono<E>, roots: { shared: string; zod: string }): void {
  app.get("/assets/:root/*", async (c) => {
    const name = c.req.param("root");
    const base = name === "shared" ? roots.shared : name === "zod" ? roots.zod : undefined;
    const rest = c.req.path.slice(`/assets/${name}/`.length);
    if (base === undefined || extname(rest) !== ".js" || rest.includes("\0")) return c.notFound();
    const root = resolve(base);
    let relative: string;
    try {
      relative = decodeURIComponent(rest);
    } catch {
      return c.notFound();
    }
    const file = resolve(root, relative);
    if (!file.startsWith(root + sep)) return c.notFound();
    try {
      return c.body(await readFile(file), 200, { "content-type": TYPES[".js"] ?? "text/javascript" });
    } catch {
      return c.notFound();
    }
  });
}
