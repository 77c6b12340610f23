// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { RequestView } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../i18n/t.js";
import { PortalError } from "../portal-client.js";
import { ContactsStep } from "./contacts-step.js";
import { DeliveryStep } from "./delivery-step.js";
import { DeviceStep } from "./device-step.js";
import { atChamber, fakeDeps, fakePortal } from "./fake-portal.test-support.js";
import { PassphraseStep } from "./passphrase-step.js";
import { RequesterStep } from "./requester-step.js";
import { SummaryStep } from "./summary-step.js";

const codes = () => screen.queryAllByRole("alert").map((alert) => alert.getAttribute("data-error-code"));
const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const choose = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole("button", { name: "Continua" }));

function setup(view: RequestView) {
  const portal = fakePortal({ loggedIn: true, view });
  const { deps } = fakeDeps(portal.client);
  const onView = vi.fn();
  return { client: portal.client, deps, onView, props: { deps, view, onView } };
}

describe("route wizard steps: instant feedback from the shared rules", () => {
  beforeEach(() => setLanguage("it"));
  afterEach(cleanup);

  it("requester: names the Chamber of the province, refuses an unserved one and a bad partita IVA", async () => {
    const { props, client } = setup(atChamber("PO"));
    render(<RequesterStep {...props} />);
    choose("Provincia di residenza", "TO");
    expect(screen.getByRole("status").textContent).toContain("Camera di Commercio di Torino");
    choose("Provincia di residenza", "MI");
    expect(codes()).toEqual(["ROUTE_CHAMBER_NOT_SERVED"]);
    fireEvent.click(screen.getByLabelText("Legale rappresentante di un'impresa"));
    type(/Partita IVA/, "12345678901");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_PARTITA_IVA_INVALID"]));
    expect(screen.getByLabelText(/Partita IVA/).getAttribute("aria-invalid")).toBe("true");
    expect(client.setRequester).not.toHaveBeenCalled();
  });

  it("contacts: refuses a PEC with the reason, focuses the field, sends nothing", async () => {
    const { props, client } = setup(atChamber("PO"));
    render(<ContactsStep {...props} />);
    type(/Email personale/, "mario.rossi@pec.it");
    type(/Cellulare/, "333 1234567");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_EMAIL_PEC"]));
    expect(screen.getByRole("alert").textContent).toMatch(/posta elettronica certificata/);
    await waitFor(() => expect(document.activeElement?.id).toBe("email"));
    expect(client.setContacts).not.toHaveBeenCalled();
  });

  it("contacts: refuses a non-Italian mobile, then sends valid contacts", async () => {
    const { props, client, onView } = setup(atChamber("PO"));
    render(<ContactsStep {...props} />);
    type(/Email personale/, "mario.rossi@example.it");
    type(/Cellulare/, "+44 7700 900123");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_MOBILE_INVALID"]));
    type(/Cellulare/, "333 1234567");
    submit();
    await waitFor(() => expect(onView).toHaveBeenCalled());
    expect(client.setContacts).toHaveBeenCalledWith("r1", {
      email: "mario.rossi@example.it",
      mobile: "333 1234567",
    });
  });

  it("contacts: shows the portal's own refusal with its code", async () => {
    const { props, client } = setup(atChamber("PO"));
    client.setContacts.mockRejectedValueOnce(
      new PortalError("ROUTE_EMAIL_PEC", "«esempio.it» è un dominio PEC.", 422, { domain: "esempio.it" }),
    );
    render(<ContactsStep {...props} />);
    type(/Email personale/, "mario@esempio.it");
    type(/Cellulare/, "3331234567");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_EMAIL_PEC"]));
    expect(screen.getByRole("alert").textContent).toContain("codice ROUTE_EMAIL_PEC");
  });

  it("passphrase: lists what is missing, refuses a weak one and a different repetition, sends a good one once", async () => {
    const logged = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => undefined),
    );
    const { props, client, onView } = setup(atChamber("PO"));
    render(<PassphraseStep {...props} />);
    type("Passphrase", "corta");
    expect(document.querySelectorAll(".rule.missing")).toHaveLength(3);
    type("Ripeti la passphrase", "corta");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_PASSPHRASE_WEAK"]));
    expect(document.querySelector('[data-error-code="ROUTE_PASSPHRASE_WEAK"]')?.textContent).toContain(
      "Passphrase non valida: deve essere lunga almeno 10 caratteri, manca una lettera maiuscola e manca una cifra.",
    );
    expect(document.querySelector(".rule.missing")?.textContent).toContain("(regola non ancora rispettata)");
    type("Passphrase", "Cavallo-Batteria-2026");
    expect(document.querySelectorAll(".rule.missing")).toHaveLength(0);
    expect(
      Number((document.getElementById("passphrase-strength") as HTMLMeterElement).getAttribute("value")),
    ).toBe(4);
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_PASSPHRASE_MISMATCH"]));
    type("Ripeti la passphrase", "Cavallo-Batteria-2026");
    submit();
    await waitFor(() => expect(onView).toHaveBeenCalledOnce());
    expect(client.setPassphrase).toHaveBeenCalledExactlyOnceWith("r1", "Cavallo-Batteria-2026");
    // Never logged, and the fields are emptied once the portal has it.
    expect(JSON.stringify(logged.flatMap((spy) => spy.mock.calls))).not.toContain("Cavallo");
    expect((screen.getByLabelText("Passphrase") as HTMLInputElement).value).toBe("");
    for (const spy of logged) spy.mockRestore();
  });

  it("delivery: refuses shipping abroad at once and a CAP that is not 5 digits", async () => {
    const { props, client } = setup(atChamber("PO"));
    render(<DeliveryStep {...props} />);
    fireEvent.click(screen.getByLabelText("Spedizione con raccomandata assicurata A/R"));
    choose("Paese", "ZZ");
    expect(codes()).toEqual(["ROUTE_ADDRESS_ABROAD"]);
    choose("Paese", "IT");
    type(/Destinatario/, "Mario Rossi");
    type("Via e numero civico", "Via Roma 1");
    type("CAP", "591");
    type("Comune", "Prato");
    choose("Provincia", "PO");
    submit();
    await waitFor(() => expect(codes()).toEqual(["ROUTE_ADDRESS_INVALID"]));
    expect(screen.getByLabelText("CAP").getAttribute("aria-invalid")).toBe("true");
    expect(client.setDelivery).not.toHaveBeenCalled();
  });

  it("delivery: only pick-up where the Chamber does not ship (Brescia)", () => {
    const { props } = setup(atChamber("BS"));
    render(<DeliveryStep {...props} />);
    expect(
      (screen.getByLabelText("Spedizione con raccomandata assicurata A/R") as HTMLInputElement).disabled,
    ).toBe(true);
    expect(screen.getByText(/non spedisce i dispositivi/)).toBeTruthy();
  });

  it("device: Torino offers only the token; Prato both, with prices", () => {
    const torino = setup(atChamber("TO"));
    const { unmount } = render(<DeviceStep {...torino.props} />);
    expect(screen.getAllByRole("radio")).toHaveLength(1);
    expect(screen.getByLabelText(/Token wireless DigitalDNA/)).toBeTruthy();
    expect(screen.getByText(/rilascia con questa procedura solo/)).toBeTruthy();
    expect(screen.queryByText(/Solo allo sportello della Camera/)).toBeNull();
    unmount();
    const prato = setup(atChamber("PO"));
    render(<DeviceStep {...prato.props} />);
    expect(screen.getAllByRole("radio")).toHaveLength(2);
    expect(screen.getByLabelText(/Smart card/).closest("label")?.textContent).toContain("54,00 €");
  });

  it("device: names the reductions granted only at the desk (Torino, legal representative)", () => {
    const base = atChamber("TO");
    const view: RequestView = {
      ...base,
      data: {
        ...base.data,
        requester: {
          type: "legale-rappresentante",
          partitaIva: "01122330010",
          rea: "TO-123456",
          registeredOfficeProvince: "TO",
          firstForCompany: true,
        },
      },
    };
    render(<DeviceStep {...setup(view).props} />);
    expect(screen.getByLabelText(/Token wireless/).closest("label")?.textContent).toContain("70,00 €");
    expect(screen.getByText(/Solo allo sportello della Camera/).textContent).toContain("40,00 €");
  });

  it("summary: pays only after the data were checked, with the receipt holder chosen first", async () => {
    const view = { ...atChamber("PO", "verificata"), price: null };
    const { props, client, deps, onView } = setup(view);
    client.startPayment.mockResolvedValueOnce({
      ...view,
      state: "pagamento-in-corso",
      payment: {
        noticeNumber: "3",
        checkoutUrl: "http://127.0.0.1:8092/c/1",
        paid: false,
        receiptHolderLocked: true,
      },
    });
    render(<SummaryStep {...props} />);
    const pay = screen.getByRole("button", { name: "Paga con pagoPA" }) as HTMLButtonElement;
    expect(pay.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText("A un'impresa o a uno studio professionale"));
    type("Partita IVA o codice fiscale dell'intestatario", "01234567890");
    type("Denominazione dell'intestatario", "Rossi Srl");
    fireEvent.click(screen.getByLabelText("Ho controllato i dati e sono corretti"));
    fireEvent.click(pay);
    await waitFor(() => expect(onView).toHaveBeenCalled());
    expect(client.setReceiptHolder).toHaveBeenCalledWith("r1", {
      kind: "altro-soggetto",
      fiscalCode: "01234567890",
      name: "Rossi Srl",
    });
    expect(client.setReceiptHolder.mock.invocationCallOrder[0]).toBeLessThan(
      client.startPayment.mock.invocationCallOrder[0] ?? 0,
    );
    expect(deps.openTab).toHaveBeenCalledWith("http://127.0.0.1:8092/c/1");
  });
});
