import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { createPagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import { createPortal } from "../sandbox/portal/app.js";
import { keepCommandLog } from "../support/test-logs.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "agent", "bin", "cns-agent");

export const ORIGIN = "http://portale.test";
export const CREDITOR_FISCAL_CODE = "80002170019";
export const CALLBACK_SECRET = "secret-shared-by-portal-and-pagopa-0001";

export interface PortalWorld {
  readonly dir: string;
  readonly manifest: TestPkiManifest;
  token(variant: string): TestToken;
}

export async function makeWorld(): Promise<PortalWorld> {
  if (!existsSync(join(root, "agent", "dist", "cli", "main.js"))) {
    throw new Error("agent/dist is missing: run `npx tsc -b shared agent` (npm test builds first)");
  }
  const dir = mkdtempSync(join(tmpdir(), "cns-portal-"));
  const manifest = await cloneTestPki(loadTestPki(), join(dir, "pki"));
  return {
    dir,
    manifest,
    token(variant) {
      const found = Object.values(manifest.tokens).find((t) => t.variant === variant);
      if (found === undefined) throw new Error(`no ${variant} token in the test PKI`);
      return found;
    },
  };
}

function cnsAgent(world: PortalWorld, args: readonly string[], pin: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: world.dir,
      SOFTHSM2_CONF: world.manifest.softhsm2Conf,
      CNS_BRIDGE_CONFIG: join(world.dir, "no-config.json"),
    },
    input: `${pin}\n`,
    encoding: "utf8",
    timeout: 60_000,
  });
  keepCommandLog("portal-cns-agent", result.stderr);
  if (result.status !== 0)
    throw new Error(`cns-agent ${args[0] ?? ""} failed: ${result.stdout} ${result.stderr}`);
  return result.stdout;
}

/** An auth token made by the real CLI over the portal's challenge. */
export function authToken(world: PortalWorld, variant: string, nonce: string, origin = ORIGIN): unknown {
  const t = world.token(variant);
  const out = cnsAgent(
    world,
    [
      "auth",
      "--origin",
      origin,
      "--nonce",
      nonce,
      "--token",
      t.label,
      "--pin-stdin",
      "--json",
      "--module",
      world.manifest.modulePath,
    ],
    t.userPin,
  );
  return z.object({ authToken: z.unknown() }).parse(JSON.parse(out)).authToken;
}

/** Signs bytes with the real CLI (CAdES attached .p7m or PAdES) and returns the signed file. */
export function signWithCli(
  world: PortalWorld,
  variant: string,
  bytes: Uint8Array,
  format: "cades" | "pades",
): Uint8Array {
  const t = world.token(variant);
  const input = join(world.dir, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  const output = format === "cades" ? `${input}.p7m` : input.replace(/\.pdf$/, "-firmato.pdf");
  writeFileSync(input, bytes);
  cnsAgent(
    world,
    [
      "sign",
      "--format",
      format,
      "--in",
      input,
      "--out",
      output,
      "--token",
      t.label,
      "--pin-stdin",
      "--json",
      "--module",
      world.manifest.modulePath,
    ],
    t.userPin,
  );
  return new Uint8Array(readFileSync(output));
}

/** The portal and the pagoPA stand-in wired together in-process (each calls the other's app). */
export const OPERATOR_KEY = "chiave-operatore-di-prova";

export function makeSystem(world: PortalWorld, name = "system", clock: () => Date = () => new Date()) {
  const portalDb = join(world.dir, `${name}-portal.sqlite`);
  const pagopaDb = join(world.dir, `${name}-pagopa.sqlite`);
  let portal: ReturnType<typeof createPortal> | undefined;
  const toPortal = ((input: string | URL | Request, init?: RequestInit) => {
    if (portal === undefined) throw new Error("portal not running");
    return portal.app.request(input, init);
  }) as typeof fetch;
  const pagopa = createPagopaStandIn({
    dbPath: pagopaDb,
    creditorCallbacks: {
      [CREDITOR_FISCAL_CODE]: { url: `${ORIGIN}/pagopa/receipts`, secret: CALLBACK_SECRET },
    },
    fetch: toPortal,
    publicUrl: "http://pagopa.test",
    deliveryIntervalMs: 0,
    autoReturnSeconds: 0,
  });
  const toPagopa = ((input: string | URL | Request, init?: RequestInit) =>
    pagopa.app.request(input, init)) as typeof fetch;
  const startPortal = () =>
    createPortal({
      dbPath: portalDb,
      trustedCAs: [readFileSync(world.manifest.ca.bundlePem, "utf8")],
      publicOrigin: ORIGIN,
      clock,
      operatorKey: OPERATOR_KEY,
      pagopa: {
        baseUrl: "http://pagopa.test",
        creditorFiscalCode: CREDITOR_FISCAL_CODE,
        creditorName: "Camera di Commercio di Pistoia-Prato",
        callbackSecret: CALLBACK_SECRET,
        fetch: toPagopa,
      },
    });
  portal = startPortal();
  return {
    get portal() {
      if (portal === undefined) throw new Error("portal not running");
      return portal;
    },
    pagopa,
    /** Closes the portal and opens it again on the same database (a restart). */
    restartPortal() {
      portal?.close();
      portal = startPortal();
    },
    async close() {
      portal?.close();
      portal = undefined;
      await pagopa.close();
    },
  };
}

function bodyOf(body: unknown): BodyInit {
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return typeof body === "string" ? body : JSON.stringify(body);
}

/** A browser-like client of the portal (whichever instance is running): keeps the session cookie. */
export function client(
  app: () => { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
) {
  let cookie = "";
  return {
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const isBytes = body instanceof Uint8Array;
      const response = await app().request(`${ORIGIN}${path}`, {
        method,
        headers: {
          ...(cookie === "" ? {} : { cookie }),
          ...(body === undefined
            ? {}
            : { "content-type": isBytes ? "application/pkcs7-mime" : "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: bodyOf(body) }),
      });
      const set = response.headers.get("set-cookie");
      if (set !== null) cookie = set.split(";")[0] ?? "";
      return response;
    },
    get cookie() {
      return cookie;
    },
  };
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
