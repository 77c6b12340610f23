// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { TokenSummary } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentStatus } from "../../agent/agent-status.js";
import { setLanguage } from "../../i18n/t.js";
import { PortalError } from "../portal-client.js";
import { atChamber, draft, fakeDeps, fakePortal, holder } from "./fake-portal.test-support.js";
import { RouteWizard } from "./route-wizard.js";

const token: TokenSummary = {
  label: "CNS",
  serial: "0001",
  manufacturer: "test",
  model: "SoftHSM",
  loggedIn: false,
  certificates: [],
  pinFlags: {
    userPinCountLow: false,
    userPinFinalTry: false,
    userPinLocked: false,
    userPinToBeChanged: false,
    soPinCountLow: false,
    soPinFinalTry: false,
    soPinLocked: false,
  },
};
const present: AgentStatus = { kind: "token-present", agentVersion: "0.1.0", token };

/** Waits for step `id` with its content (the steps on a request are a lazy chunk). */
const stepShown = async (id: string) =>
  waitFor(() => {
    expect(document.querySelector("[data-step]")?.getAttribute("data-step")).toBe(id);
    expect(document.querySelector('[data-testid="route-step-loading"]')).toBeNull();
  });
const routeState = () => document.querySelector("[data-route-state]")?.getAttribute("data-route-state");
const alertCode = () => screen.queryByRole("alert")?.getAttribute("data-error-code") ?? null;

describe("route wizard: resume from the portal's state", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("asks for the CNS first, saying what is wrong with its code", async () => {
    const { deps } = fakeDeps(fakePortal().client);
    const { rerender } = render(<RouteWizard deps={deps} status={{ kind: "agent-missing" }} />);
    await stepShown("insert-cns");
    expect(alertCode()).toBe("AGENT_NOT_RUNNING");
    rerender(<RouteWizard deps={deps} status={{ kind: "no-token", agentVersion: "0.1.0" }} />);
    await waitFor(() => expect(alertCode()).toBe("NO_TOKEN"));
    fireEvent.click(screen.getByRole("button", { name: "Riprova" }));
    expect(deps.reconnect).toHaveBeenCalled();
    rerender(<RouteWizard deps={deps} status={present} />);
    await stepShown("authenticate");
  });

  it("logs in through the background for the portal's origin, shows the codice fiscale, then resumes the open request", async () => {
    const portal = fakePortal({ view: { ...atChamber("PO") } });
    const { deps, ask } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("authenticate");
    expect(routeState()).toBe("nessuna");
    expect(alertCode()).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Accedi con la CNS" }));
    await stepShown("confirm-cf");
    expect(ask).toHaveBeenCalledWith({
      kind: "portal:authenticate",
      origin: "http://127.0.0.1:8091",
      nonce: `${"n".repeat(43)}=`,
    });
    expect(portal.client.login).toHaveBeenCalledWith({ format: "auth-token" }, "c1");
    expect(screen.getByTestId("route-codice-fiscale").textContent).toBe(holder.codiceFiscale);
    expect(portal.client.openRequest).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Confermo, sono io" }));
    await stepShown("contacts");
    expect(routeState()).toBe("bozza");
  });

  it("shows the login failure with its code and stays on the step", async () => {
    const portal = fakePortal();
    const ask = vi.fn(async () => {
      throw new PortalError("AUTH_TOKEN_ORIGIN_MISMATCH", "Token per un altro sito.", 401);
    });
    const { deps } = fakeDeps(portal.client, ask);
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("authenticate");
    fireEvent.click(screen.getByRole("button", { name: "Accedi con la CNS" }));
    await waitFor(() => expect(alertCode()).toBe("AUTH_TOKEN_ORIGIN_MISMATCH"));
    await stepShown("authenticate");
    expect(portal.client.login).not.toHaveBeenCalled();
  });

  it("resumes an open request at its step after the browser restarted, without asking again", async () => {
    const portal = fakePortal({ loggedIn: true, view: { ...atChamber("PO"), state: "pagamento-in-corso" } });
    const { deps } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={{ kind: "agent-missing" }} />);
    await stepShown("pay");
    expect(routeState()).toBe("pagamento-in-corso");
    await waitFor(() => expect(document.activeElement?.id).toBe("step-title-pay"));
  });

  it("needs the CNS again to continue a request before payment", async () => {
    const portal = fakePortal({ loggedIn: true, view: { ...atChamber("PO"), state: "documenti-generati" } });
    const { deps } = fakeDeps(portal.client);
    const { rerender } = render(<RouteWizard deps={deps} status={{ kind: "no-token", agentVersion: "1" }} />);
    await stepShown("insert-cns");
    rerender(<RouteWizard deps={deps} status={present} />);
    await stepShown("sign");
  });

  it("shows a closed request's outcome and lets the holder start a new one", async () => {
    const closed = { ...atChamber("PO"), id: "old", state: "consegnata" as const, nextSteps: [] };
    const portal = fakePortal({ loggedIn: true, last: closed });
    const { deps, setLast } = fakeDeps(portal.client);
    setLast("old");
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("status");
    expect(screen.getByTestId("route-state").textContent).toContain("consegnata");
    fireEvent.click(screen.getByRole("button", { name: "Inizia una nuova richiesta" }));
    await stepShown("confirm-cf");
    fireEvent.click(screen.getByRole("button", { name: "Confermo, sono io" }));
    await stepShown("requester");
  });

  it("offers to retry when the portal cannot be reached", async () => {
    const portal = fakePortal({ loggedIn: true, view: draft });
    portal.client.me.mockRejectedValueOnce(
      new PortalError("PORTAL_UNREACHABLE", "Il portale non risponde.", 0),
    );
    const { deps } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={present} />);
    await waitFor(() => expect(alertCode()).toBe("PORTAL_UNREACHABLE"));
    fireEvent.click(screen.getByRole("button", { name: "Riprova" }));
    await stepShown("requester");
  });
});

describe("route wizard: logging out", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("goes back to the login without calling it a lost session", async () => {
    const portal = fakePortal({ loggedIn: true });
    portal.client.logout.mockRejectedValueOnce(
      new PortalError("ROUTE_SESSION_REQUIRED", "Sessione assente o scaduta.", 401),
    );
    const { deps } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("confirm-cf");
    fireEvent.click(screen.getByRole("button", { name: "Esci dal portale" }));
    await stepShown("authenticate");
    expect(portal.client.logout).toHaveBeenCalledOnce();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(alertCode()).toBeNull();
  });
});

describe("route wizard: the portal's session ends mid-route", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("goes back to the login saying why, then resumes the same request", async () => {
    const portal = fakePortal({ loggedIn: true, view: atChamber("PO") });
    portal.client.setContacts.mockRejectedValueOnce(
      new PortalError("ROUTE_SESSION_REQUIRED", "Sessione assente o scaduta: accedi di nuovo.", 401),
    );
    const { deps } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("contacts");
    fireEvent.input(screen.getByLabelText(/Email personale/), { target: { value: "mario@example.it" } });
    fireEvent.input(screen.getByLabelText(/Cellulare/), { target: { value: "3331234567" } });
    fireEvent.click(screen.getByRole("button", { name: "Continua" }));
    await stepShown("authenticate");
    expect(alertCode()).toBe("ROUTE_SESSION_REQUIRED");
    fireEvent.click(screen.getByRole("button", { name: "Accedi con la CNS" }));
    await stepShown("confirm-cf");
    fireEvent.click(screen.getByRole("button", { name: "Confermo, sono io" }));
    await stepShown("contacts");
  });
});

describe("route wizard: changing data before signing", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("goes back to a data step prefilled from the portal, and back to the recap without changes", async () => {
    const complete = {
      ...atChamber("PO", "dati-completi"),
      data: {
        ...atChamber("PO").data,
        contacts: { email: "mario@example.it", mobile: "+393331234567" },
        passphraseSet: true,
        delivery: { method: "sportello" as const },
        device: "smart-card" as const,
      },
    };
    const portal = fakePortal({ loggedIn: true, view: complete });
    const { deps } = fakeDeps(portal.client);
    render(<RouteWizard deps={deps} status={present} />);
    await stepShown("documents");
    expect(screen.getByText(/mario@example.it/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Modifica: Contatti" }));
    await stepShown("contacts");
    expect((screen.getByLabelText(/Email personale/) as HTMLInputElement).value).toBe("mario@example.it");
    fireEvent.click(screen.getByRole("button", { name: /Annulla la modifica/ }));
    await stepShown("documents");
    expect(portal.client.setContacts).not.toHaveBeenCalled();
  });
});

describe("route wizard: payment", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("retries with a new cart, shows the locked receipt holder, and moves on only when the portal has the receipt", async () => {
    const paying = {
      ...atChamber("PO", "pagamento-in-corso"),
      data: {
        ...atChamber("PO").data,
        receiptHolder: { kind: "altro-soggetto" as const, fiscalCode: "01122330010", name: "Rossi Srl" },
      },
      payment: {
        noticeNumber: "302000000000000001",
        checkoutUrl: null,
        paid: false,
        receiptHolderLocked: true,
      },
    };
    const portal = fakePortal({ loggedIn: true, view: paying });
    portal.client.startPayment.mockResolvedValueOnce({
      ...paying,
      payment: { ...paying.payment, checkoutUrl: "http://127.0.0.1:8092/c/2" },
    });
    const { deps } = fakeDeps(portal.client, undefined, 20);
    render(<RouteWizard deps={deps} status={{ kind: "agent-missing" }} />);
    await stepShown("pay");
    expect(screen.getByTestId("route-receipt-holder").textContent).toContain("Rossi Srl (01122330010)");
    fireEvent.click(screen.getByRole("button", { name: "Riprova il pagamento" }));
    await waitFor(() => expect(deps.openTab).toHaveBeenCalledWith("http://127.0.0.1:8092/c/2"));
    await stepShown("pay");
    portal.client.get.mockResolvedValue({
      ...paying,
      state: "pagata",
      nextSteps: ["Ritira il dispositivo."],
    });
    await stepShown("status");
    expect(screen.getByTestId("route-next-steps").textContent).toContain("Ritira il dispositivo.");
  });
});
