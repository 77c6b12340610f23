// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import type { TokenSummary } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentStatus } from "../agent/agent-status.js";
import { setLanguage } from "../i18n/t.js";
import { inRenewalWindow, RenewalOffer } from "./renewal-offer.js";

const pinFlags = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};

function statusExpiringIn(...days: number[]): AgentStatus {
  const token: TokenSummary = {
    label: "CNS",
    serial: "1",
    manufacturer: "test",
    model: "SoftHSM",
    loggedIn: false,
    pinFlags,
    certificates: days.map((daysToExpiry, index) => ({
      id: `0${index + 1}`,
      usage: index === 0 ? "authentication" : "signature",
      holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
      issuer: "CN=Test CA",
      notBefore: "2024-01-01T00:00:00Z",
      notAfter: "2026-03-01T00:00:00Z",
      daysToExpiry,
      qualified: index === 1,
      keyAlgorithm: "RSA-2048",
    })),
  };
  return { kind: "token-present", agentVersion: "1", token };
}

describe("RenewalOffer", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("is offered only inside the 90-day window, not before it nor after expiry", () => {
    expect(inRenewalWindow(statusExpiringIn(400, 400))).toBe(false);
    expect(inRenewalWindow(statusExpiringIn(400, 90))).toBe(true);
    expect(inRenewalWindow(statusExpiringIn(0, 0))).toBe(true);
    expect(inRenewalWindow(statusExpiringIn(-1, -1))).toBe(false);
    expect(inRenewalWindow({ kind: "no-token", agentVersion: "1" })).toBe(false);
  });

  it("explains online renewal as the alternative and opens the route", () => {
    const onNewDevice = vi.fn();
    render(<RenewalOffer status={statusExpiringIn(30, 30)} onNewDevice={onNewDevice} />);
    expect(screen.getByTestId("renewal-offer").textContent).toMatch(/rinnovare online/);
    fireEvent.click(screen.getByRole("button", { name: "Richiedi nuovo dispositivo" }));
    expect(onNewDevice).toHaveBeenCalledOnce();
  });

  it("says nothing outside the window", () => {
    render(<RenewalOffer status={statusExpiringIn(200, 200)} onNewDevice={() => undefined} />);
    expect(screen.queryByTestId("renewal-offer")).toBeNull();
  });
});
