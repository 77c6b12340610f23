// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLanguage, setLanguage } from "../i18n/t.js";
import { DiagnosticsReportView } from "./diagnostics-report-view.js";
import { extensionChecks } from "./extension-checks.js";

const document = {
  generatedAt: "2026-01-01T10:00:00.000Z",
  extensionVersion: "0.2.0",
  extensionChecks: extensionChecks({
    status: { kind: "agent-missing" },
    extensionVersion: "0.2.0",
    protocol: { current: 1, minSupported: 1 },
    agentProtocol: null,
    agentUrl: "ws://127.0.0.1:45927",
    sitePermissions: {},
    developerMode: false,
    optionsUrl: "chrome-extension://abc/options.html",
  }),
  agentReport: null,
  agentError: "cns-bridge non è avviato.",
};

describe("DiagnosticsReportView", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("shows the verdict, each check's mark with an accessible label, the remedy and the options link", () => {
    render(<DiagnosticsReportView document={document} language="it" />);
    expect(screen.getByTestId("diag-overall").textContent).toContain(
      "Trovati problemi che impediscono l'uso della CNS.",
    );
    expect(screen.getByRole("heading", { name: "Estensione" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Errore" }).textContent).toBe("✗");
    expect(screen.getByRole("img", { name: "Non applicabile" }).textContent).toBe("–");
    expect(screen.getAllByRole("img", { name: "OK" })).toHaveLength(2);
    expect(screen.getByText(/Avvia cns-bridge/).textContent).toMatch(/^→ /);
    expect(screen.getByRole("alert").textContent).toContain("cns-bridge non è avviato.");
    const links = screen.getAllByRole("link", { name: "Apri le opzioni" });
    expect(links[0]?.getAttribute("href")).toBe("chrome-extension://abc/options.html");
  });

  it("speaks English when asked", async () => {
    await loadLanguage("en");
    setLanguage("en");
    render(<DiagnosticsReportView document={document} language="en" />);
    expect(screen.getByRole("heading", { name: "Extension" })).toBeTruthy();
    expect(screen.getByText(/Start cns-bridge/)).toBeTruthy();
  });
});
