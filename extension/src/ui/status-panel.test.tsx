// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/preact";
import type { TokenSummary } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLanguage, setLanguage } from "../i18n/t.js";
import { maskCodiceFiscale } from "./format-bytes.js";
import { StatusPanel } from "./status-panel.js";

const certificate = (usage: "authentication" | "signature", daysToExpiry: number) => ({
  id: usage === "authentication" ? "01" : "02",
  usage,
  holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
  issuer: "CN=Test CA",
  notBefore: "2024-01-01T00:00:00Z",
  notAfter: "2026-03-01T00:00:00Z",
  daysToExpiry,
  qualified: usage === "signature",
  keyAlgorithm: "RSA-2048",
});

const token = (days: number): TokenSummary => ({
  label: "CNS",
  serial: "1",
  manufacturer: "test",
  model: "SoftHSM",
  loggedIn: false,
  pinFlags: {
    userPinCountLow: false,
    userPinFinalTry: false,
    userPinLocked: false,
    userPinToBeChanged: false,
    soPinCountLow: false,
    soPinFinalTry: false,
    soPinLocked: false,
  },
  certificates: [
    {
      ...certificate("authentication", days),
      holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: null, surname: null },
    },
    certificate("signature", days),
  ],
});

const noop = () => undefined;
const props = { showCodiceFiscale: false, onToggleCodiceFiscale: noop, onRetry: noop, onLogout: noop };

describe("StatusPanel", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("shows the holder with the codice fiscale masked", () => {
    render(
      <StatusPanel {...props} status={{ kind: "token-present", agentVersion: "1", token: token(400) }} />,
    );
    expect(screen.getByText("MARIO ROSSI")).toBeTruthy();
    expect(screen.getByTestId("codice-fiscale").textContent).toBe("RSS*********501U");
    expect(screen.queryByTestId("renewal-warning")).toBeNull();
  });

  it.each([
    [90, 2],
    [91, 0],
  ])("warns about renewal %i days before expiry (%i warnings)", (days, warnings) => {
    render(
      <StatusPanel {...props} status={{ kind: "token-present", agentVersion: "1", token: token(days) }} />,
    );
    expect(screen.queryAllByTestId("renewal-warning")).toHaveLength(warnings);
    if (warnings > 0)
      expect(screen.getAllByTestId("renewal-warning")[0]?.textContent).toContain("nuovo dispositivo");
  });

  it.each([
    ["it", "scade il 1 marzo 2026"],
    ["en", "expires on 1 March 2026"],
  ] as const)("writes the expiry date for people (%s)", async (language, expiry) => {
    await loadLanguage(language);
    setLanguage(language);
    render(
      <StatusPanel {...props} status={{ kind: "token-present", agentVersion: "1", token: token(400) }} />,
    );
    expect(document.body.textContent).toContain(expiry);
  });

  it("says an expired certificate can no longer be used", () => {
    render(
      <StatusPanel {...props} status={{ kind: "token-present", agentVersion: "1", token: token(-1) }} />,
    );
    expect(screen.getAllByText(/Certificato scaduto/)).toHaveLength(2);
  });

  it.each([
    [{ kind: "agent-missing" } as const, "cns-bridge non è avviato"],
    [{ kind: "agent-too-old", agentVersion: "0.0.1" } as const, "aggiorna cns-bridge"],
    [{ kind: "no-token", agentVersion: "1" } as const, "inserisci la carta"],
  ])("tells what to do when %o", (status, text) => {
    render(<StatusPanel {...props} status={status} />);
    expect(screen.getByRole("status").textContent).toContain(text);
  });

  it("masks any codice fiscale keeping the first three and last four characters", () => {
    expect(maskCodiceFiscale("RSSMRA80A01H501U")).toBe("RSS*********501U");
    expect(maskCodiceFiscale("ABC")).toBe("***");
  });
});
