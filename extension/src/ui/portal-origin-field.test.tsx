// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { setLanguage } from "../i18n/t.js";
import { portalOriginItem } from "../storage-items.js";
import { PortalOriginField } from "./portal-origin-field.js";

vi.mock("wxt/browser", async () => ({ browser: (await import("wxt/testing/fake-browser")).fakeBrowser }));
// wxt/storage reads the browser from the global when it loads: give it the fake one first.
await vi.hoisted(async () => {
  const { fakeBrowser: fake } = await import("wxt/testing/fake-browser");
  Object.assign(globalThis, { chrome: fake });
});

/** The browser's permission prompt, played by the test. */
function permissions(granted: boolean) {
  const asked: unknown[] = [];
  fakeBrowser.permissions.contains = vi.fn(async () => false);
  fakeBrowser.permissions.request = vi.fn(async (request: unknown) => {
    asked.push(request);
    return granted;
  });
  return asked;
}

async function typeAndSave(value: string) {
  const field = (await screen.findByLabelText(/Indirizzo del portale/)) as HTMLInputElement;
  await waitFor(() => expect(field.value).toBe("http://127.0.0.1:8091"));
  fireEvent.input(field, { target: { value } });
  fireEvent.click(screen.getByRole("button", { name: "Salva" }));
  return field;
}

describe("PortalOriginField", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    setLanguage("it");
  });
  afterEach(cleanup);

  it("refuses a non-origin in Italian with its code, and keeps the old value stored", async () => {
    permissions(true);
    const saved = vi.fn();
    render(<PortalOriginField onSaved={saved} />);
    const field = await typeAndSave("http://portale.camcom.it/richiesta");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Indirizzo del portale non valido");
    expect(alert.textContent).toContain("codice PORTAL_ORIGIN_INVALID");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(await portalOriginItem.getValue()).toBe("http://127.0.0.1:8091");
    expect(saved).not.toHaveBeenCalled();
  });

  it("asks the browser's permission for an https portal and saves its bare origin", async () => {
    const asked = permissions(true);
    const saved = vi.fn();
    render(<PortalOriginField onSaved={saved} />);
    await typeAndSave(" https://Portale.Camcom.it/ ");
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(asked).toEqual([{ origins: ["https://portale.camcom.it/*"] }]);
    expect(await portalOriginItem.getValue()).toBe("https://portale.camcom.it");
  });

  it("keeps the old portal when the permission is refused, and says what to do", async () => {
    permissions(false);
    render(<PortalOriginField onSaved={() => undefined} />);
    await typeAndSave("https://portale.camcom.it");
    expect((await screen.findByRole("alert")).getAttribute("data-error-code")).toBe(
      "PORTAL_PERMISSION_MISSING",
    );
    expect(await portalOriginItem.getValue()).toBe("http://127.0.0.1:8091");
  });
});
