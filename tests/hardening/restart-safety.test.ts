import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEVELOPMENT_EXTENSION_ID, type RequestView } from "@cns-bridge/shared";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { SUCCESS_CARD } from "../pagopa/support/fixtures.js";
import { AgentClient } from "../support/agent-client.js";
import { type AgentProcess, startAgentProcess } from "../support/agent-process.js";
import { COMPANY, CONTACTS, ROUTE_PASSPHRASES } from "../support/route-fixtures.js";
import { payOnCheckout, PortalHttpClient } from "../support/route-http.js";
import { buildSandbox, type SandboxProcess, startSandboxProcess } from "../support/sandbox-process.js";

/**
 * Restart safety along the whole route (issue 11): for each step of the route, the real sandbox
 * process (portal + pagoPA stand-in on real SQLite files) is killed with SIGKILL right after the
 * step was acknowledged, and where the step uses the CNS the real `cns-agent serve` is killed in
 * the middle of it. The route then goes on from the portal's state, as the wizard does, and must
 * end paid once: nothing acknowledged is lost, never two notices or payments, the receipt holder
 * stays locked, the receipt is recorded exactly once.
 */

const EXTENSION_ORIGIN = `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`;

const ROUTE_STEPS = [
  "login",
  "requester",
  "contacts",
  "passphrase",
  "delivery",
  "device",
  "documents",
  "upload",
  "receipt-holder",
  "payment-started",
  "payment-completed",
] as const;
type RouteStep = (typeof ROUTE_STEPS)[number];

/** The steps that talk to the CNS, where the agent is killed in the middle of the work. */
const AGENT_STEPS: ReadonlySet<RouteStep> = new Set(["login", "upload"]);

const RECEIPT_HOLDER = {
  kind: "altro-soggetto",
  fiscalCode: COMPANY.partitaIva,
  name: COMPANY.name,
} as const;

let dir: string;
let manifest: TestPkiManifest;
let holder: TestToken;
let agent: AgentProcess;
let sandboxMain: string;

beforeAll(async () => {
  sandboxMain = buildSandbox("restart-safety");
  dir = mkdtempSync(join(tmpdir(), "restart-safety-"));
  manifest = await cloneTestPki(loadTestPki(), join(dir, "pki"));
  holder = manifest.tokens["holder-rsa"] as TestToken;
  agent = await startAgentProcess({ manifest, dir, logName: "restart-safety-agent" });
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** One holder's walk along the route, resuming from the portal's state like the wizard. */
class Route {
  readonly portal: PortalHttpClient;
  /** The signed bytes the portal acknowledged, per document. */
  readonly uploaded = new Map<string, Uint8Array>();
  /** Set once Checkout showed "success": from then on the holder waits, never pays again. */
  paid = false;
  #agent: AgentClient | undefined;

  constructor(readonly sandbox: SandboxProcess) {
    this.portal = new PortalHttpClient(sandbox.portalOrigin);
  }

  async agentClient(): Promise<AgentClient> {
    if (this.#agent === undefined) this.#agent = await AgentClient.connect(agent.url, EXTENSION_ORIGIN);
    return this.#agent;
  }

  /** The agent died: the next call connects again, and must type the PIN again. */
  forgetAgent(): void {
    this.#agent = undefined;
  }

  async close(): Promise<void> {
    await this.#agent?.close();
  }

  /** The next step, from the portal's state only (plus whether Checkout already said "paid"). */
  async nextStep(): Promise<RouteStep | "wait-receipt" | "done"> {
    const me = await this.portal.call("GET", "/api/session/me");
    if (me.status === 401) return "login";
    const view = await this.portal.current();
    if (view === null) return "requester";
    switch (view.state) {
      case "bozza":
        if (view.data.requester === undefined) return "requester";
        if (view.data.contacts === undefined) return "contacts";
        if (!view.data.passphraseSet) return "passphrase";
        if (view.data.delivery === undefined) return "delivery";
        return "device";
      case "dati-completi":
        return "documents";
      case "documenti-generati":
        return "upload";
      case "documenti-caricati":
      case "verificata":
        return view.data.receiptHolder.kind === "titolare" ? "receipt-holder" : "payment-started";
      case "pagamento-in-corso":
        return this.paid ? "wait-receipt" : "payment-completed";
      case "pagata":
        return "done";
      default:
        throw new Error(`unexpected state ${view.state}`);
    }
  }

  /** Performs a step; `killAgentMidStep` kills the agent process in the middle of the CNS work. */
  async perform(step: RouteStep, killAgentMidStep: boolean): Promise<void> {
    switch (step) {
      case "login":
        return this.login(killAgentMidStep);
      case "requester": {
        const created = await this.portal.call("POST", "/api/requests");
        expect([200, 201]).toContain(created.status);
        const { id } = (await created.json()) as { id: string };
        await this.portal.view("PUT", `/api/requests/${id}/requester`, {
          type: "privato",
          residenceProvince: "PO",
        });
        return;
      }
      case "contacts":
        await this.put("contacts", CONTACTS);
        return;
      case "passphrase":
        await this.put("passphrase", { passphrase: ROUTE_PASSPHRASES.restart });
        return;
      case "delivery":
        await this.put("delivery", { method: "sportello" });
        return;
      case "device":
        await this.put("device", { device: "smart-card" });
        return;
      case "documents":
        await this.portal.view("POST", `/api/requests/${await this.id()}/documents`);
        return;
      case "upload":
        return this.upload(killAgentMidStep);
      case "receipt-holder": {
        await this.put("receipt-holder", RECEIPT_HOLDER);
        const summary = await this.portal.call("GET", `/api/requests/${await this.id()}/summary`);
        expect(await summary.json()).toMatchObject({ receiptHolderLocked: false, amountCents: 5400 });
        return;
      }
      case "payment-started":
        await this.portal.view("POST", `/api/requests/${await this.id()}/payment`);
        return;
      case "payment-completed": {
        const view = await this.view();
        const result = await payOnCheckout(view.payment?.checkoutUrl ?? "", SUCCESS_CARD, CONTACTS.email);
        expect(result).toEqual({ outcome: "success", fault: undefined });
        this.paid = true;
        return;
      }
    }
  }

  async id(): Promise<string> {
    return (await this.view()).id;
  }

  async view(): Promise<RequestView> {
    const view = await this.portal.current();
    if (view === null) throw new Error("no open request");
    return view;
  }

  async put(step: string, body: unknown): Promise<RequestView> {
    return this.portal.view("PUT", `/api/requests/${await this.id()}/${step}`, body);
  }

  async login(killAgentMidStep: boolean): Promise<void> {
    let client = await this.agentClient();
    await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    if (killAgentMidStep) {
      // The agent dies after the PIN and before the authentication signature.
      await agent.kill9();
      this.forgetAgent();
      await agent.start();
      client = await this.agentClient();
      const { nonce } = (await (await this.portal.call("GET", "/api/challenge")).json()) as { nonce: string };
      // A restarted agent remembers no PIN: it asks again, it never logs in by itself.
      const refused = await client.request("auth.sign", {
        token: holder.label,
        origin: this.portal.origin,
        nonce,
      });
      expect(refused).toMatchObject({ type: "error", error: { code: "USER_NOT_LOGGED_IN" } });
      await client.expectResult("token.login", { token: holder.label, pin: holder.userPin });
    }
    const challenge = (await (await this.portal.call("GET", "/api/challenge")).json()) as {
      challengeId: string;
      nonce: string;
    };
    const signed = await client.expectResult("auth.sign", {
      token: holder.label,
      origin: this.portal.origin,
      nonce: challenge.nonce,
    });
    const session = await this.portal.call("POST", "/api/session", {
      token: signed.authToken,
      challengeId: challenge.challengeId,
    });
    expect(session.status).toBe(200);
  }

  /** Signs each unsigned document with the agent (CAdES, then PAdES) and uploads it. */
  async upload(killAgentMidStep: boolean): Promise<void> {
    const view = await this.view();
    for (const document of view.documents.filter((d) => !d.signed)) {
      const response = await this.portal.call("GET", `/api/requests/${view.id}/documents/${document.kind}`);
      const pdf = new Uint8Array(await response.arrayBuffer());
      expect(createHash("sha256").update(pdf).digest("hex")).toBe(document.sha256);
      const format = document.kind === "modulo-richiesta" ? "cades" : "pades";
      if (killAgentMidStep && this.uploaded.size === 1) {
        // The first document is uploaded; the agent dies while it holds the second one.
        await this.signButKillAgent(pdf, document.filename, format);
        const kept = await this.view();
        expect(kept.documents.find((d) => d.kind === "modulo-richiesta")?.signed).toBe(true);
        expect(kept.state).toBe("documenti-generati");
      }
      const signed = await this.sign(pdf, document.filename, format);
      const uploaded = await this.portal.view(
        "PUT",
        `/api/requests/${view.id}/documents/${document.kind}/signed`,
        signed,
        { "content-type": format === "cades" ? "application/pkcs7-mime" : "application/pdf" },
      );
      expect(uploaded.documents.find((d) => d.kind === document.kind)?.signed).toBe(true);
      this.uploaded.set(document.kind, signed);
    }
  }

  async sign(pdf: Uint8Array, fileName: string, format: "cades" | "pades"): Promise<Uint8Array> {
    const client = await this.agentClient();
    const login = await client.request("token.login", { token: holder.label, pin: holder.userPin });
    expect(login.type).toBe("token.login.result");
    const file = join(dir, `${Date.now()}-${fileName}`);
    writeFileSync(file, pdf);
    const pieces: Buffer[] = [];
    const finish = await client.signFile(file, { token: holder.label, format, fileName }, (piece) => {
      pieces.push(piece);
    });
    expect(finish.type).toBe("sign.finish.result");
    return new Uint8Array(Buffer.concat(pieces));
  }

  async signButKillAgent(pdf: Uint8Array, fileName: string, format: "cades" | "pades"): Promise<void> {
    const client = await this.agentClient();
    await client.request("token.login", { token: holder.label, pin: holder.userPin });
    const start = await client.expectResult("sign.start", {
      token: holder.label,
      format,
      detached: false,
      fileName,
      size: pdf.byteLength,
      sha256: createHash("sha256").update(pdf).digest("hex"),
    });
    await client.expectResult("sign.chunk", {
      jobId: start.jobId,
      seq: 0,
      data: Buffer.from(pdf).toString("base64"),
    });
    await agent.kill9();
    this.forgetAgent();
    await agent.start();
  }
}

function countRows(dbPath: string, sql: string, ...params: unknown[]): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("restart safety along the route (kill -9 of the portal at each step, of the agent mid-step)", () => {
  it.each(ROUTE_STEPS.map((step) => [step]))(
    "killed at %s: the route resumes and ends paid exactly once",
    async (killedAt) => {
      const sandbox = await startSandboxProcess({
        main: sandboxMain,
        stateDir: join(dir, `sandbox-${killedAt}`),
        caFile: manifest.ca.bundlePem,
        logName: `restart-safety-sandbox-${killedAt}`,
      });
      const route = new Route(sandbox);
      try {
        let killed = false;
        for (let guard = 0; guard < 40; guard += 1) {
          const step = await route.nextStep();
          if (step === "done") break;
          if (step === "wait-receipt") {
            await new Promise((resolve) => setTimeout(resolve, 200));
            continue;
          }
          const killHere = !killed && step === killedAt;
          await route.perform(step, killHere && AGENT_STEPS.has(step));
          if (!killHere) continue;
          killed = true;
          const before = step === "login" ? null : await route.view();
          await sandbox.kill9();
          await sandbox.start();
          // Everything the portal acknowledged is still there, the session included.
          expect((await route.portal.call("GET", "/api/session/me")).status).toBe(200);
          if (before !== null && step !== "payment-completed") expect(await route.view()).toEqual(before);
          if (step === "payment-started" || step === "payment-completed") {
            // Asking to pay again gives the same notice, never a second one, and the holder stays.
            const again = await route.portal.view("POST", `/api/requests/${before?.id ?? ""}/payment`);
            expect(again.payment?.noticeNumber).toBe(before?.payment?.noticeNumber);
            expect(
              await route.portal.errorCode("PUT", `/api/requests/${again.id}/receipt-holder`, {
                kind: "titolare",
              }),
            ).toBe("PAGOPA_RECEIPT_HOLDER_CHANGED");
            if (step === "payment-completed" && again.state === "pagamento-in-corso") {
              // Paid, the receipt not in yet: the new cart for the same notice cannot be paid.
              const second = await payOnCheckout(
                again.payment?.checkoutUrl ?? "",
                SUCCESS_CARD,
                CONTACTS.email,
              );
              expect(second).toEqual({ outcome: undefined, fault: "PAA_PAGAMENTO_DUPLICATO" });
            }
          }
        }
        expect(killed).toBe(true);

        const final = await route.view();
        expect(final.state).toBe("pagata");
        expect(final.payment).toMatchObject({ paid: true, receiptHolderLocked: true });
        expect(final.data.receiptHolder).toEqual(RECEIPT_HOLDER);
        expect(
          await route.portal.errorCode("PUT", `/api/requests/${final.id}/receipt-holder`, {
            kind: "titolare",
          }),
        ).toBe("PAGOPA_RECEIPT_HOLDER_CHANGED");
        const repay = await route.portal.view("POST", `/api/requests/${final.id}/payment`);
        expect(repay.state).toBe("pagata");
        expect(repay.payment?.noticeNumber).toBe(final.payment?.noticeNumber);
        // Give a duplicate receipt delivery a chance to show up before counting.
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        expect(await sandbox.stop()).toBe(0);

        expect(countRows(sandbox.portalDb, "SELECT COUNT(*) AS n FROM payments")).toBe(1);
        expect(
          countRows(sandbox.portalDb, "SELECT COUNT(*) AS n FROM payments WHERE receipt IS NOT NULL"),
        ).toBe(1);
        expect(
          countRows(sandbox.portalDb, "SELECT COUNT(*) AS n FROM history WHERE to_state = 'pagata'"),
        ).toBe(1);
        expect(countRows(sandbox.pagopaDb, "SELECT COUNT(*) AS n FROM debt_positions")).toBe(1);
        expect(countRows(sandbox.pagopaDb, "SELECT COUNT(*) AS n FROM receipts")).toBe(1);
        expect(
          countRows(sandbox.pagopaDb, "SELECT COUNT(*) AS n FROM receipts WHERE delivered_at IS NOT NULL"),
        ).toBe(1);
        // No lost upload: the portal keeps exactly the signed files it acknowledged.
        const db = new Database(sandbox.portalDb, { readonly: true });
        try {
          const rows = db
            .prepare("SELECT kind, signed_bytes FROM documents WHERE request_id = ? ORDER BY kind")
            .all(final.id) as { kind: string; signed_bytes: Buffer | null }[];
          expect(rows.map((row) => row.kind)).toEqual(["condizioni", "modulo-richiesta"]);
          for (const row of rows) {
            expect(row.signed_bytes).not.toBeNull();
            expect(
              Buffer.compare(row.signed_bytes as Buffer, Buffer.from(route.uploaded.get(row.kind) ?? [])),
            ).toBe(0);
          }
        } finally {
          db.close();
        }
      } finally {
        await route.close();
        await sandbox.kill9();
      }
    },
    120_000,
  );
});
