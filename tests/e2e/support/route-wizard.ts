import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { ExtensionDialogs } from "./extension-browser.js";
import { closingAction } from "./extension-browser.js";

/**
 * The route wizard page (extension route.html) driven through the contract its steps document
 * (extension/src/route/ui/steps.ts): `data-step` ids, `data-route-state`, the main buttons' names,
 * `role="alert"` errors with `data-error-code`, and the fields' ids.
 */
export class RouteWizard {
  #shots = 0;
  constructor(
    readonly page: Page,
    private readonly dialogs: ExtensionDialogs,
    private readonly shotsDir: string,
    private readonly prefix: string,
  ) {}

  /** Saves a full-page screenshot, numbered in order, under the scenario's prefix. */
  async shoot(name: string, page: Page = this.page): Promise<void> {
    this.#shots += 1;
    const file = `${this.prefix}-${String(this.#shots).padStart(2, "0")}-${name}.png`;
    await page.screenshot({ path: join(this.shotsDir, file), fullPage: true });
  }

  /** Waits until the wizard shows `step`, then screenshots it. */
  async at(step: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-step="${step}"]`).waitFor({ timeout });
    // The steps on a request come from a lazy chunk: wait for the step's own content.
    await this.page.getByTestId("route-step-loading").waitFor({ state: "detached", timeout });
    await this.shoot(step);
  }

  async currentStep(): Promise<string | null> {
    const visible = this.page.locator("[data-step]").first();
    await visible.waitFor({ timeout: 30_000 });
    return visible.getAttribute("data-step");
  }

  async routeState(): Promise<string | null> {
    return this.page.locator("[data-route-state]").first().getAttribute("data-route-state");
  }

  button(name: string | RegExp) {
    return this.page.getByRole("button", { name, exact: typeof name === "string" });
  }

  async continue(): Promise<void> {
    await this.button("Continua").click();
  }

  /** The coded errors shown now (alerts carry `data-error-code`). */
  async errorCodes(): Promise<string[]> {
    return this.page
      .locator('[role="alert"][data-error-code]')
      .evaluateAll((alerts) => alerts.map((alert) => alert.getAttribute("data-error-code") ?? ""));
  }

  /** Waits until an alert with `code` shows (other notices may show first, e.g. "log in again"). */
  async expectError(code: string, timeout = 15_000): Promise<void> {
    try {
      await this.page.locator(`[role="alert"][data-error-code="${code}"]`).first().waitFor({ timeout });
    } catch {
      throw new Error(`expected the error ${code}, the page shows [${(await this.errorCodes()).join(", ")}]`);
    }
  }

  /** "Accedi con la CNS", then the PIN typed in the extension's PIN window (never in the page). */
  async authenticate(pin: string): Promise<void> {
    await this.at("authenticate");
    await this.button("Accedi con la CNS").click();
    await this.typePin(pin);
  }

  /**
   * "Accedi con la CNS" once more, until the wizard shows `next`: the PIN window opens only when
   * the agent no longer holds the CNS login, so the PIN is typed only if it does.
   */
  async authenticateAgain(pin: string, next: string): Promise<void> {
    await this.button("Accedi con la CNS").click();
    const shown = this.page.locator(`[data-step="${next}"]`);
    for (let waited = 0; waited < 30_000; waited += 250) {
      if ((await shown.count()) > 0) return;
      const pinWindow = await this.dialogs.ifOpen("pin");
      if (pinWindow !== undefined) {
        await pinWindow.keyboard.type(pin);
        await closingAction(pinWindow, () => pinWindow.keyboard.press("Enter"));
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`after logging in again the wizard shows ${await this.currentStep()}, not ${next}`);
  }

  async typePin(pin: string): Promise<void> {
    const pinWindow = await this.dialogs.next("pin");
    await this.shoot("pin-window", pinWindow);
    await pinWindow.keyboard.type(pin);
    await closingAction(pinWindow, () => pinWindow.keyboard.press("Enter"));
  }

  async confirmCf(codiceFiscale: string): Promise<void> {
    await this.at("confirm-cf");
    await expect
      .poll(() => this.page.getByTestId("route-codice-fiscale").innerText())
      .toContain(codiceFiscale);
    await this.button("Confermo, sono io").click();
  }

  async requesterPrivato(province: string): Promise<void> {
    await this.at("requester");
    await this.page.locator('input[name="requester-type"][value="privato"]').check();
    await this.page.locator("#residence-province").selectOption(province);
    await this.continue();
  }

  async requesterLegale(company: { partitaIva: string; rea: string; province: string; first: boolean }) {
    await this.at("requester");
    await this.page.locator('input[name="requester-type"][value="legale-rappresentante"]').check();
    await this.page.locator("#partita-iva").fill(company.partitaIva);
    await this.page.locator("#rea").fill(company.rea);
    await this.page.locator("#office-province").selectOption(company.province);
    if (company.first) await this.page.locator('input[type="checkbox"]').first().check();
    await this.continue();
  }

  async contacts(email: string, mobile: string): Promise<void> {
    await this.page.locator("#email").fill(email);
    await this.page.locator("#mobile").fill(mobile);
    await this.continue();
  }

  async passphrase(value: string): Promise<void> {
    await this.page.locator("#passphrase").fill(value);
    await this.page.locator("#passphrase-repeat").fill(value);
    await this.continue();
  }

  async deliveryPickup(): Promise<void> {
    await this.page.locator('input[name="delivery"][value="sportello"]').check();
    await this.continue();
  }

  async deliveryShip(address: {
    abroad?: boolean;
    recipient: string;
    street: string;
    cap: string;
    comune: string;
    provincia: string;
  }): Promise<void> {
    await this.page.locator('input[name="delivery"][value="spedizione"]').check();
    const country = this.page.locator("#country");
    if (address.abroad === true) {
      const values = await country
        .locator("option")
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      await country.selectOption(values.find((value) => value !== "IT") ?? "");
    } else await country.selectOption("IT");
    await this.page.locator("#recipient").fill(address.recipient);
    await this.page.locator("#street").fill(address.street);
    await this.page.locator("#cap").fill(address.cap);
    await this.page.locator("#comune").fill(address.comune);
    const provincia = this.page.locator("#provincia");
    if ((await provincia.evaluate((element) => element.tagName)) === "SELECT") {
      await provincia.selectOption(address.provincia);
    } else await provincia.fill(address.provincia);
    await this.continue();
  }

  /** The device choices offered (radio values). */
  async devicesOffered(): Promise<string[]> {
    return this.page
      .locator('input[name="device"]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  }

  async device(choice: "smart-card" | "token"): Promise<void> {
    await this.page.locator(`input[name="device"][value="${choice}"]`).check();
    await this.continue();
  }
}
