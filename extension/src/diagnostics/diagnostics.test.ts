import { CnsBridgeError, type DiagnosticsReport, type TokenSummary } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import type { AgentStatus } from "../agent/agent-status.js";
import { collectDiagnostics, type DiagnosticsSources } from "./collect-diagnostics.js";
import {
  diagnosticsJson,
  downloadStem,
  groupChecks,
  overallOf,
  renderDiagnosticsText,
} from "./diagnostics-document.js";
import { type ExtensionFacts, extensionChecks } from "./extension-checks.js";

const token = { label: "CNS", serial: "1" } as TokenSummary;

const facts = (overrides: Partial<ExtensionFacts> = {}): ExtensionFacts => ({
  status: { kind: "token-present", agentVersion: "0.3.0", token },
  extensionVersion: "0.2.0",
  protocol: { current: 1, minSupported: 1 },
  agentProtocol: 1,
  agentUrl: "ws://127.0.0.1:45927",
  sitePermissions: {},
  developerMode: false,
  optionsUrl: "chrome-extension://abc/options.html",
  ...overrides,
});

const byId = (checks: ReturnType<typeof extensionChecks>, id: string) => {
  const found = checks.find((check) => check.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
};

const agentReport = (overrides: Partial<DiagnosticsReport> = {}): DiagnosticsReport => ({
  schema: "cns-bridge.diagnostics/1",
  generatedAt: "2026-01-01T10:00:00.000Z",
  agentVersion: "0.3.0",
  protocol: 1,
  redacted: true,
  overall: "warn",
  summary: { ok: 1, warn: 1, fail: 0, skip: 0 },
  checks: [
    {
      id: "token.pin",
      area: "token",
      status: "ok",
      title: { it: "PIN", en: "PIN" },
      summary: { it: "PIN utilizzabile.", en: "PIN usable." },
      evidence: { holder: "RSS*********501U" },
      remedy: null,
    },
    {
      id: "pcsc.readers",
      area: "pcsc",
      status: "warn",
      title: { it: "Lettori", en: "Readers" },
      summary: { it: "Nessun lettore.", en: "No reader." },
      evidence: { readers: [] },
      remedy: { it: "Collega il lettore.", en: "Plug in the reader." },
      docUrl: "https://example.org/lettori",
    },
  ],
  ...overrides,
});

describe("extensionChecks", () => {
  it("finds the agent and a compatible protocol when a token is present", () => {
    const checks = extensionChecks(facts());
    expect(checks.map((check) => [check.id, check.status])).toEqual([
      ["extension.agent", "ok"],
      ["extension.protocol", "ok"],
      ["extension.sites", "ok"],
      ["extension.developer-mode", "ok"],
    ]);
    expect(byId(checks, "extension.agent").summary.it).toBe(
      "cns-bridge 0.3.0 risponde su ws://127.0.0.1:45927.",
    );
  });

  it("says to start cns-bridge, and how, when the agent is missing; the protocol is then not checked", () => {
    const checks = extensionChecks(facts({ status: { kind: "agent-missing" }, agentProtocol: null }));
    const agent = byId(checks, "extension.agent");
    expect(agent.status).toBe("fail");
    expect(agent.remedy?.it).toContain("Avvia cns-bridge");
    expect(agent.remedy?.it).toContain("cns-agent serve");
    expect(agent.remedy?.en).toContain("Start cns-bridge");
    expect(byId(checks, "extension.protocol").status).toBe("skip");
    expect(byId(extensionChecks(facts({ status: { kind: "connecting" } })), "extension.agent").status).toBe(
      "warn",
    );
  });

  it("fails the protocol check with the side to update", () => {
    const old: AgentStatus = { kind: "agent-too-old", agentVersion: "0.0.1" };
    const agentOld = byId(extensionChecks(facts({ status: old })), "extension.protocol");
    expect(agentOld.status).toBe("fail");
    expect(agentOld.remedy?.it).toContain("Aggiorna cns-bridge");
    const extensionOld = byId(
      extensionChecks(facts({ status: { kind: "extension-too-old", agentVersion: "9.0.0" } })),
      "extension.protocol",
    );
    expect(extensionOld.remedy?.it).toContain("Aggiorna l'estensione");
  });

  it("counts allowed and refused sites without naming them, and links to the options", () => {
    const sites = byId(
      extensionChecks(
        facts({
          sitePermissions: {
            "https://a.example": "allowed",
            "https://b.example": "allowed",
            "https://c.example": "denied",
          },
        }),
      ),
      "extension.sites",
    );
    expect(sites.summary.it).toBe("Autorizzati: 2, rifiutati: 1.");
    expect(sites.evidence).toEqual({ allowed: 2, denied: 1 });
    expect(JSON.stringify(sites)).not.toContain("a.example");
    expect(sites.docUrl).toBe("chrome-extension://abc/options.html");
    expect(byId(extensionChecks(facts()), "extension.sites").summary.it).toContain("Nessun sito");
  });

  it("warns while developer mode is on", () => {
    const developer = byId(extensionChecks(facts({ developerMode: true })), "extension.developer-mode");
    expect(developer.status).toBe("warn");
    expect(developer.remedy?.it).toContain("disattivala");
  });
});

describe("the diagnostics document", () => {
  const document = {
    generatedAt: "2026-01-01T10:00:01.000Z",
    extensionVersion: "0.2.0",
    extensionChecks: extensionChecks(facts()),
    agentReport: agentReport(),
    agentError: null,
  };

  it("groups the extension's checks first, then the agent's areas in the report's order", () => {
    expect(groupChecks(document).map((group) => group.area)).toEqual(["extension", "pcsc", "token"]);
    expect(overallOf(document)).toEqual({ overall: "warn", summary: { ok: 5, warn: 1, fail: 0, skip: 0 } });
  });

  it("renders the plain-text report like cns-agent doctor, in the chosen language", () => {
    const text = renderDiagnosticsText(document, "it");
    expect(text).toContain("cns-bridge — diagnostica: estensione 0.2.0, agente 0.3.0");
    expect(text).toContain("Estensione\n  ✓ cns-bridge raggiungibile: cns-bridge 0.3.0 risponde");
    expect(text).toContain(
      "Lettore e carta (PC/SC)\n  ! Lettori: Nessun lettore.\n      → Collega il lettore.\n      https://example.org/lettori",
    );
    expect(text).toContain("5 ok, 1 avvisi, 0 errori, 0 saltati. Funziona, ma alcuni punti vanno sistemati.");
    expect(text).toContain("Dati personali mascherati");
    expect(renderDiagnosticsText(document, "en")).toContain(
      "Reader and card (PC/SC)\n  ! Readers: No reader.",
    );
  });

  it("a missing agent report makes the verdict a failure and says why", () => {
    const missing = { ...document, agentReport: null, agentError: "cns-bridge non è avviato." };
    expect(overallOf(missing).overall).toBe("fail");
    expect(renderDiagnosticsText(missing, "it")).toContain(
      "Il rapporto di cns-bridge non è disponibile: cns-bridge non è avviato.",
    );
  });

  it("downloads JSON with the agent's report unchanged beside the extension's checks", () => {
    const parsed = JSON.parse(diagnosticsJson(document)) as Record<string, unknown>;
    expect(parsed.agent).toEqual(agentReport());
    expect(parsed.overall).toBe("warn");
    expect((parsed.extension as { checks: unknown[] }).checks).toHaveLength(4);
    expect(downloadStem(document.generatedAt)).toBe("cns-bridge-diagnostica-2026-01-01T10-00-01");
  });
});

describe("collectDiagnostics", () => {
  const sources = (runAgent: DiagnosticsSources["runAgent"], status: AgentStatus): DiagnosticsSources => ({
    runAgent,
    status: () => Promise.resolve(status),
    agentPort: () => Promise.resolve(45999),
    sitePermissions: () => Promise.resolve({ "https://a.example": "allowed" }),
    developerMode: () => Promise.resolve(false),
    extensionVersion: "0.2.0",
    optionsUrl: "chrome-extension://abc/options.html",
    now: () => new Date("2026-01-01T10:00:00Z"),
  });

  it("asks the agent with the redaction chosen and keeps its report", async () => {
    const asked: boolean[] = [];
    const result = await collectDiagnostics(
      sources(
        (redact) => {
          asked.push(redact);
          return Promise.resolve(agentReport({ redacted: redact }));
        },
        { kind: "token-present", agentVersion: "0.3.0", token },
      ),
      false,
      "it",
    );
    expect(asked).toEqual([false]);
    expect(result.agentReport?.redacted).toBe(false);
    expect(result.agentError).toBeNull();
    expect(result.extensionChecks[0]?.summary.it).toContain("ws://127.0.0.1:45999");
    expect(result.extensionChecks[1]?.evidence.agentProtocol).toBe(1);
  });

  it("keeps the agent's failure as a message and still shows the extension's checks", async () => {
    const result = await collectDiagnostics(
      sources(() => Promise.reject(new CnsBridgeError("AGENT_NOT_RUNNING")), { kind: "agent-missing" }),
      true,
      "it",
    );
    expect(result.agentReport).toBeNull();
    expect(result.agentError).toBe(new CnsBridgeError("AGENT_NOT_RUNNING").messageIn("it"));
    expect(result.extensionChecks[0]?.status).toBe("fail");
  });
});
