import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { createPagopaStandIn, creditorCallbacksSchema } from "./stand-in.js";

/**
 * `npm run sandbox:pagopa -- [--port N] [--db FILE] [--callbacks FILE]`
 * Env: PAGOPA_PORT, PAGOPA_DB, PAGOPA_CALLBACKS (a JSON file:
 * {"<creditor fiscal code>": {"url": "...", "secret": "..."}}), PAGOPA_API_KEY.
 * Listens on 127.0.0.1 only and prints its URL.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string" },
    db: { type: "string" },
    callbacks: { type: "string" },
  },
});

const port = Number(values.port ?? process.env.PAGOPA_PORT ?? "8092");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${values.port ?? process.env.PAGOPA_PORT ?? ""}`);
  process.exit(2);
}
const dbPath = resolve(values.db ?? process.env.PAGOPA_DB ?? "tests/.state/pagopa/stand-in.sqlite");
mkdirSync(dirname(dbPath), { recursive: true });
const callbacksFile = values.callbacks ?? process.env.PAGOPA_CALLBACKS;

function readCallbacks(file: string | undefined) {
  if (file === undefined) return {};
  try {
    return creditorCallbacksSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    console.error(
      `cannot use the creditor callbacks in ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return process.exit(2);
  }
}

const standIn = createPagopaStandIn({
  dbPath,
  creditorCallbacks: readCallbacks(callbacksFile),
  ...(process.env.PAGOPA_API_KEY === undefined ? {} : { apiKey: process.env.PAGOPA_API_KEY }),
});

const server = serve({ fetch: standIn.app.fetch, hostname: "127.0.0.1", port }, (info) => {
  console.log(`pagoPA stand-in listening on http://127.0.0.1:${info.port} (state: ${dbPath})`);
});

function shutdown() {
  server.close();
  void standIn.close().then(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
