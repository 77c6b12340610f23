import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { createPagopaStandIn } from "./pagopa/stand-in.js";
import { createPortal } from "./portal/app.js";

/**
 * `npm run sandbox -- [--portal-port N] [--pagopa-port M] [--state DIR] [--ca FILE]...`
 * One process: the Chambers' request portal and the pagoPA stand-in, wired together (the portal
 * is the creditor; pagoPA posts receipts to it, HMAC-signed with a secret kept in the state
 * folder). State (two SQLite files and the secret) lives in `.state/sandbox/` and survives
 * restarts. Trusted CAs: the --ca files, else the test PKI's bundle (`.state/pki`).
 * Both listen on 127.0.0.1 only.
 */
// Compiled to tests/.state/sandbox-build/main.js: three levels below the repository.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const { values } = parseArgs({
  options: {
    "portal-port": { type: "string" },
    "pagopa-port": { type: "string" },
    state: { type: "string" },
    ca: { type: "string", multiple: true },
  },
});

function port(value: string | undefined, fallback: number): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    console.error(`porta non valida: ${value ?? ""}`);
    return process.exit(2);
  }
  return parsed;
}

const portalPort = port(values["portal-port"] ?? process.env.PORTAL_PORT, 8091);
const pagopaPort = port(values["pagopa-port"] ?? process.env.PAGOPA_PORT, 8092);
const stateDir = resolve(values.state ?? join(repoRoot, ".state", "sandbox"));
mkdirSync(stateDir, { recursive: true });

/** Secrets are made once and kept, so receipts still authenticate after a restart. */
function keptSecret(name: string): string {
  const file = join(stateDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function trustedCAs(): string[] {
  const files = values.ca ?? [];
  if (files.length > 0) return files.map((file) => readFileSync(file, "utf8"));
  const manifestFile = join(
    process.env.CNS_BRIDGE_STATE_DIR ?? join(repoRoot, ".state"),
    "pki",
    "manifest.json",
  );
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { ca?: { bundlePem?: unknown } };
    if (typeof manifest.ca?.bundlePem !== "string") throw new Error("no ca.bundlePem");
    return [readFileSync(manifest.ca.bundlePem, "utf8")];
  } catch (error) {
    console.error(
      `nessuna CA attendibile: passa --ca FILE oppure crea la PKI di prova con "npm run pki" (${error instanceof Error ? error.message : ""})`,
    );
    return process.exit(2);
  }
}

const CREDITOR_FISCAL_CODE = "80002170019";
const portalOrigin = `http://127.0.0.1:${portalPort}`;
const pagopaUrl = `http://127.0.0.1:${pagopaPort}`;
const secret = keptSecret("receipt-secret");
const operatorKey = keptSecret("operator-key");

const pagopa = createPagopaStandIn({
  dbPath: join(stateDir, "pagopa.sqlite"),
  creditorCallbacks: { [CREDITOR_FISCAL_CODE]: { url: `${portalOrigin}/pagopa/receipts`, secret } },
  publicUrl: pagopaUrl,
});

const portal = createPortal({
  dbPath: join(stateDir, "portal.sqlite"),
  trustedCAs: trustedCAs(),
  publicOrigin: portalOrigin,
  pagopa: {
    baseUrl: pagopaUrl,
    creditorFiscalCode: CREDITOR_FISCAL_CODE,
    creditorName: "Camera di Commercio (sandbox)",
    callbackSecret: secret,
  },
  operatorKey,
  assets: { shared: join(repoRoot, "shared", "dist"), zod: join(repoRoot, "node_modules", "zod") },
});

const servers = [
  serve({ fetch: pagopa.app.fetch, hostname: "127.0.0.1", port: pagopaPort }, (info) => {
    console.log(`pagoPA stand-in: http://127.0.0.1:${info.port}`);
  }),
  serve({ fetch: portal.app.fetch, hostname: "127.0.0.1", port: portalPort }, (info) => {
    console.log(`portale CNS: http://127.0.0.1:${info.port}/ (stato in ${stateDir})`);
    console.log(`back office: header x-operator-key dal file ${join(stateDir, "operator-key")}`);
  }),
];

function shutdown(): void {
  for (const server of servers) server.close();
  portal.close();
  void pagopa.close().then(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
