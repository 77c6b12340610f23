import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { RequestView } from "@cns-bridge/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_CARD, SUCCESS_CARD } from "../pagopa/support/fixtures.js";
import { cloneTestPki, loadTestPki, type TestPkiManifest, type TestToken } from "../pki/index.js";
import { signWithCli } from "../portal/support.js";
import { type AgentProcess, startAgentProcess } from "../support/agent-process.js";
import {
  ADDRESS_ABROAD,
  COMPANY,
  CONTACTS,
  PEC_EMAIL,
  ROUTE_PASSPHRASES,
  SHIPPING_PRATO,
  WEAK_PASSPHRASES,
} from "../support/route-fixtures.js";
import { PortalHttpClient } from "../support/route-http.js";
import { buildSandbox, type SandboxProcess, startSandboxProcess } from "../support/sandbox-process.js";
import { TestCardReader } from "./support/card-reader.js";
import { payInCheckout } from "./support/checkout-page.js";
import {
  closingAction,
  crashExtensionBrowser,
  type ExtensionBrowser,
  ExtensionDialogs,
  expectPdfPreview,
  launchExtensionBrowser,
  setExtensionOptions,
} from "./support/extension-browser.js";
import { RouteWizard } from "./support/route-wizard.js";

/**
 * The whole "Ho già una firma digitale" route in Chromium (issue 8): the built extension's wizard
 * page, the real `cns-agent serve` on a SoftHSM2 test CNS, the sandbox portal and pagoPA stand-in
 * as one real process. One browser, one agent, one sandbox for the file; a card swap is the
 * agent restarted on another token. One route kills Chromium (SIGKILL) at each of its steps and
 * relaunches it on the same profile (issue 11). Screenshots of every step in tests/artifacts/e2e/route/.
 */

const shotsDir = fileURLToPath(new URL("../artifacts/e2e/route/", import.meta.url));

let dir: string;
let pki: TestPkiManifest;
let reader: TestCardReader;
let agent: AgentProcess;
let sandbox: SandboxProcess;
let browser: ExtensionBrowser;
let dialogs: ExtensionDialogs;
let userDataDir: string;

async function openWizard(prefix: string): Promise<RouteWizard> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 1000 });
  await page.goto(`${browser.extensionUrl}route.html`);
  return new RouteWizard(page, dialogs, shotsDir, prefix);
}

async function launch(): Promise<void> {
  browser = await launchExtensionBrowser(userDataDir);
  dialogs = new ExtensionDialogs(browser.context, browser.extensionUrl);
}

/** The holder takes out one CNS and inserts another: the agent starts again on that token. */
async function insertCard(variant: string): Promise<TestToken> {
  await agent.stop();
  const token = reader.insert(variant);
  await agent.start();
  return token;
}

/** The portal session the browser holds, for API calls on the holder's own request. */
async function browserSession(): Promise<PortalHttpClient> {
  const cookies = await browser.context.cookies(sandbox.portalOrigin);
  const session = cookies.find((cookie) => cookie.name === "portal_session");
  expect(session, "the browser holds a portal session").toBeDefined();
  return new PortalHttpClient(sandbox.portalOrigin, `portal_session=${session?.value ?? ""}`);
}

async function holdsPortalSession(): Promise<boolean> {
  const cookies = await browser.context.cookies(sandbox.portalOrigin);
  return cookies.some((cookie) => cookie.name === "portal_session");
}

/** The holder's request as the portal has it now, through the browser's session (null without one). */
async function portalView(): Promise<RequestView | null> {
  return (await holdsPortalSession()) ? (await browserSession()).current() : null;
}

/** The Checkout tab the wizard opens (a new page of the context). */
async function checkoutTab(action: () => Promise<void>): Promise<Page> {
  const opened = browser.context.waitForEvent("page", {
    predicate: (page) => page.url().startsWith(sandbox.pagopaUrl),
    timeout: 30_000,
  });
  await action();
  const page = await opened;
  await page.waitForLoadState();
  return page;
}

/** Signs in the wizard: consent listing the documents, then the PIN when the agent asks for it. */
async function signAllDocuments(
  wizard: RouteWizard,
  pin: string,
  count: number,
  stopWhen?: Promise<void>,
  kinds: readonly string[] = ["modulo-richiesta", "condizioni"],
): Promise<void> {
  let stopped = false;
  void stopWhen?.then(() => (stopped = true));
  await wizard.button("Firma e invia i documenti").click();
  const consent = await dialogs.next("consent");
  // One consent lists every document of the batch, each with page 1 drawn from the wizard's bytes.
  const listed = await consent.locator("main").innerText();
  for (const kind of kinds) expect(listed).toContain(kind);
  const names = await consent.locator("tbody td:first-child").allInnerTexts();
  expect(names).toHaveLength(count);
  for (const name of names) await expectPdfPreview(consent, name);
  await wizard.shoot("consent", consent);
  await closingAction(consent, () => consent.getByRole("button", { name: `Firma (${count})` }).click());
  // The PIN window appears only when the agent has no login for this token any more.
  const summary = wizard.page.locator('[data-step="summary"]');
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (stopped || (await summary.count()) > 0) return;
    const pinWindow = await dialogs.ifOpen("pin");
    if (pinWindow !== undefined) {
      await pinWindow.keyboard.type(pin);
      await closingAction(pinWindow, () => pinWindow.keyboard.press("Enter"));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function countRows(db: string, sql: string, ...params: unknown[]): number {
  const handle = new Database(db, { readonly: true });
  try {
    return (handle.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    handle.close();
  }
}

beforeAll(async () => {
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  const main = buildSandbox("e2e-route");
  dir = mkdtempSync(join(tmpdir(), "e2e-route-"));
  pki = await cloneTestPki(loadTestPki(), join(dir, "pki"));
  reader = new TestCardReader(pki, dir);
  reader.insert("holder-rsa");
  agent = await startAgentProcess({ manifest: reader.manifest, dir, logName: "e2e-route-agent" });
  sandbox = await startSandboxProcess({
    main,
    stateDir: join(dir, "sandbox"),
    caFile: pki.ca.bundlePem,
    logName: "e2e-route-sandbox",
  });
  userDataDir = join(dir, "chromium-profile");
  await launch();
  await setExtensionOptions(browser.worker, {
    agentPort: agent.port,
    portalOrigin: sandbox.portalOrigin,
    developerMode: true,
    language: "it",
  });
}, 180_000);

afterAll(async () => {
  await browser?.context.close();
  await agent?.stop();
  await sandbox?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the route in Chromium: wizard, agent, portal and pagoPA", () => {
  it("privato + smart card at Prato: rules on the way, refused uploads, browser restart, payment refused then paid", async () => {
    const holder = reader.token("holder-rsa");
    let wizard = await openWizard("prato");
    await wizard.authenticate(holder.userPin);
    await wizard.confirmCf(holder.holder.codiceFiscale);
    await wizard.requesterPrivato("PO");

    await wizard.at("contacts");
    await wizard.contacts(PEC_EMAIL, CONTACTS.mobile);
    await wizard.expectError("ROUTE_EMAIL_PEC");
    await wizard.shoot("contacts-pec-refused");
    await wizard.contacts(CONTACTS.email, CONTACTS.mobile);

    await wizard.at("passphrase");
    // Each weak passphrase is refused for its own missing rule, and the route stays here.
    const missingRule: Record<keyof typeof WEAK_PASSPHRASES, RegExp> = {
      noUppercase: /manca una lettera maiuscola/,
      noDigit: /manca una cifra/,
      tooShort: /deve essere lunga almeno 10 caratteri/,
    };
    for (const [rule, weak] of Object.entries(WEAK_PASSPHRASES) as [
      keyof typeof WEAK_PASSPHRASES,
      string,
    ][]) {
      await wizard.passphrase(weak);
      await wizard.expectError("ROUTE_PASSPHRASE_WEAK");
      await expect
        .poll(() => wizard.page.locator('[data-error-code="ROUTE_PASSPHRASE_WEAK"]').innerText())
        .toMatch(missingRule[rule]);
      expect(await wizard.currentStep()).toBe("passphrase");
    }
    await wizard.shoot("passphrase-weak-refused");
    await wizard.passphrase(ROUTE_PASSPHRASES.browser);

    await wizard.at("delivery");
    await wizard.deliveryShip({ ...ADDRESS_ABROAD, abroad: true });
    await wizard.expectError("ROUTE_ADDRESS_ABROAD");
    await wizard.shoot("delivery-abroad-refused");
    await wizard.deliveryShip(SHIPPING_PRATO);
    await wizard.at("device");

    // The browser is closed in the middle of the route and opened again on the same profile.
    await browser.context.close();
    await launch();
    wizard = await openWizard("prato-resumed");
    // The portal session survived in the profile: straight back to the step where it stopped.
    await wizard.at("device");
    expect(await wizard.currentStep()).toBe("device");
    expect(await wizard.devicesOffered()).toEqual(expect.arrayContaining(["smart-card", "token"]));
    await wizard.device("smart-card");

    await wizard.at("documents");
    await wizard.button("Prepara i documenti").click();
    await wizard.at("sign");

    // Uploads the portal must refuse, sent on the holder's own request and session.
    const api = await browserSession();
    const view = await api.current();
    const id = view?.id ?? "";
    const form = new Uint8Array(
      await (await api.call("GET", `/api/requests/${id}/documents/modulo-richiesta`)).arrayBuffer(),
    );
    const world = { dir, manifest: pki, token: (variant: string) => reader.token(variant) };
    const byOther = signWithCli(world, "second-holder", form, "cades");
    expect(await api.errorCode("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, byOther)).toBe(
      "ROUTE_UPLOAD_WRONG_SIGNER",
    );
    const changed = new Uint8Array(form);
    changed[changed.length - 10] = 0x20;
    const signedChanged = signWithCli(world, "holder-rsa", changed, "cades");
    expect(
      await api.errorCode("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, signedChanged),
    ).toBe("ROUTE_UPLOAD_CONTENT_CHANGED");
    expect((await api.current())?.documents.every((document) => !document.signed)).toBe(true);

    await signAllDocuments(wizard, holder.userPin, 2);
    await wizard.at("summary");
    expect((await api.current())?.documents.map((document) => document.signed)).toEqual([true, true]);
    await expect.poll(() => wizard.page.getByTestId("route-price").innerText()).toContain("54,00");
    // The portal's summary names the holder from the authentication certificate (SN, GN).
    expect(await wizard.page.getByTestId("route-summary").innerText()).toContain(
      `Cognome e nome: ${holder.holder.surname} ${holder.holder.givenName}`,
    );
    await wizard.page.getByLabel("Ho controllato i dati e sono corretti").check();

    // First attempt: the card is refused on Checkout; the request keeps waiting for a payment.
    let checkout = await checkoutTab(() => wizard.button("Paga con pagoPA").click());
    expect(
      await payInCheckout(checkout, REFUSED_CARD, CONTACTS.email, (name) => wizard.shoot(name, checkout)),
    ).toEqual({ outcome: "refused" });
    await checkout.close();
    await wizard.at("pay");
    expect(await wizard.routeState()).toBe("pagamento-in-corso");
    const paidRows = "SELECT COUNT(*) AS n FROM payments WHERE request_id = ? AND receipt IS NOT NULL";
    expect(countRows(sandbox.portalDb, paidRows, id)).toBe(0);

    checkout = await checkoutTab(() => wizard.button("Riprova il pagamento").click());
    expect(
      await payInCheckout(checkout, SUCCESS_CARD, CONTACTS.email, (name) => wizard.shoot(name, checkout)),
    ).toEqual({ outcome: "success" });
    await checkout.close();
    await wizard.at("status", 60_000);
    await expect.poll(() => wizard.routeState(), { timeout: 30_000 }).toBe("pagata");
    expect(await wizard.page.locator('[data-step="status"]').innerText()).toMatch(/ritirare|spedito/);
    await wizard.shoot("paid");
    expect(countRows(sandbox.portalDb, paidRows, id)).toBe(1);
    await wizard.page.close();
  }, 600_000);

  it("legale rappresentante + token at Torino (no smart card offered); portal killed mid-payment: paid once, receipt holder locked", async () => {
    const holder = await insertCard("holder-ec");
    await browser.context.clearCookies();
    const wizard = await openWizard("torino");
    await wizard.authenticate(holder.userPin);
    await wizard.confirmCf(holder.holder.codiceFiscale);
    await wizard.requesterLegale({
      partitaIva: COMPANY.partitaIva,
      rea: COMPANY.rea,
      province: "TO",
      first: false,
    });
    await wizard.at("contacts");
    await wizard.contacts(CONTACTS.email, CONTACTS.mobile);
    await wizard.at("passphrase");
    await wizard.passphrase(ROUTE_PASSPHRASES.torino);
    await wizard.at("delivery");
    await wizard.deliveryPickup();
    await wizard.at("device");
    expect(await wizard.devicesOffered()).toEqual(["token"]);
    await wizard.device("token");
    await wizard.at("documents");
    await wizard.button("Prepara i documenti").click();
    await wizard.at("sign");
    await signAllDocuments(wizard, holder.userPin, 2);
    await wizard.at("summary");
    await expect.poll(() => wizard.page.getByTestId("route-price").innerText()).toContain("70,00");
    await wizard.page.locator('input[name="receipt-holder"][value="altro-soggetto"]').check();
    await wizard.page.locator("#receipt-fiscal-code").fill(COMPANY.partitaIva);
    await wizard.page.locator("#receipt-name").fill(COMPANY.name);
    await wizard.page.getByLabel("Ho controllato i dati e sono corretti").check();
    await wizard.shoot("summary-receipt-company");

    const checkout = await checkoutTab(() => wizard.button("Paga con pagoPA").click());
    await checkout.getByLabel("Indirizzo email").fill(CONTACTS.email);
    await checkout.getByRole("button", { name: "Continua" }).click();
    await checkout.getByRole("button", { name: "Carta di credito/debito" }).click();
    await checkout.getByLabel("Numero della carta").waitFor();
    // The portal (and pagoPA with it) dies while the holder is on the card form.
    await sandbox.kill9();
    await sandbox.start();
    await checkout.getByLabel("Numero della carta").fill(SUCCESS_CARD.number);
    await checkout.getByLabel("Scadenza (MM/AA)").fill(SUCCESS_CARD.expiry);
    await checkout.getByLabel("Codice di sicurezza (CVV)").fill(SUCCESS_CARD.cvv);
    await checkout.getByLabel("Titolare della carta").fill(SUCCESS_CARD.holder);
    await checkout.getByRole("button", { name: /^Paga / }).click();
    await expect(checkout.locator("[data-outcome]").getAttribute("data-outcome")).resolves.toBe("success");
    await wizard.shoot("checkout-after-restart", checkout);
    await checkout.close();

    await wizard.at("status", 60_000);
    await expect.poll(() => wizard.routeState(), { timeout: 30_000 }).toBe("pagata");
    // Pick-up at the Chamber from a date written for people ("dal 26 novembre 2026"), never ISO.
    expect(await wizard.page.getByTestId("route-next-steps").innerText()).toMatch(
      / dal \d{1,2} [a-z]+ \d{4}\./,
    );
    await wizard.shoot("paid");
    const api = await browserSession();
    const paid = await api.current();
    expect(paid?.payment).toMatchObject({ paid: true, receiptHolderLocked: true });
    expect(paid?.data.receiptHolder).toEqual({
      kind: "altro-soggetto",
      fiscalCode: COMPANY.partitaIva,
      name: COMPANY.name,
    });
    expect(
      await api.errorCode("PUT", `/api/requests/${paid?.id ?? ""}/receipt-holder`, { kind: "titolare" }),
    ).toBe("PAGOPA_RECEIPT_HOLDER_CHANGED");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const id = paid?.id ?? "";
    expect(
      countRows(
        sandbox.portalDb,
        "SELECT COUNT(*) AS n FROM payments WHERE request_id = ? AND receipt IS NOT NULL",
        id,
      ),
    ).toBe(1);
    expect(
      countRows(
        sandbox.portalDb,
        "SELECT COUNT(*) AS n FROM history WHERE request_id = ? AND to_state = 'pagata'",
        id,
      ),
    ).toBe(1);
    expect(
      countRows(
        sandbox.pagopaDb,
        "SELECT COUNT(*) AS n FROM receipts WHERE notice_number = ?",
        paid?.payment?.noticeNumber ?? "",
      ),
    ).toBe(1);
    await wizard.page.close();
  }, 600_000);

  it("resumes at the same step, nothing lost, after Chromium is killed (SIGKILL) at every step of a route", async () => {
    const holder = reader.token("second-holder");
    // The holder starts with the reader empty, so the route begins at "insert the CNS".
    await agent.stop();
    reader.remove();
    await agent.start();
    await browser.context.clearCookies();
    let wizard = await openWizard("crash");
    let crashes = 0;
    let sessionsLost = 0;
    let uploadCut: Promise<void> | undefined;

    /**
     * At `step`: what the portal holds, then a crash (SIGKILL of Chromium) and the browser and the
     * wizard opened again on the same profile. The wizard must show the same step, and the portal
     * the same request: data, signed documents, notice, receipt holder. Chromium writes cookies to
     * disk in batches (every 30 s), so a crash may take a fresh portal session with it: then, and
     * only then, the wizard asks to log in with the CNS again, and after the codice fiscale is
     * confirmed (as after every login) it is back at `step`.
     */
    const crashAt = async (step: string) => {
      await wizard.at(step);
      const before = await portalView();
      const hadSession = await holdsPortalSession();
      await crashExtensionBrowser(browser);
      crashes += 1;
      await launch();
      wizard = await openWizard(`crash-${String(crashes).padStart(2, "0")}`);
      const resumeAt = hadSession && !(await holdsPortalSession()) ? "authenticate" : step;
      await expect
        .poll(() => wizard.currentStep(), { timeout: 30_000, message: `resumed after the crash at ${step}` })
        .toBe(resumeAt);
      await wizard.shoot(`${step}-resumed`);
      if (resumeAt !== step) {
        // A new login: the holder confirms the codice fiscale, and is back on the open request.
        sessionsLost += 1;
        await wizard.authenticateAgain(holder.userPin, "confirm-cf");
        if (step !== "confirm-cf") await wizard.confirmCf(holder.holder.codiceFiscale);
        await wizard.at(step);
      }
      expect(await portalView(), `the portal's request after the crash at ${step}`).toEqual(before);
    };

    /** Each step of the route in order, and what the holder does there after the crash. */
    const route: readonly { step: string; then: () => Promise<void> }[] = [
      { step: "insert-cns", then: () => insertCard("second-holder").then(() => undefined) },
      { step: "authenticate", then: () => wizard.authenticate(holder.userPin) },
      { step: "confirm-cf", then: () => wizard.confirmCf(holder.holder.codiceFiscale) },
      { step: "requester", then: () => wizard.requesterPrivato("PO") },
      { step: "contacts", then: () => wizard.contacts(CONTACTS.email, CONTACTS.mobile) },
      { step: "passphrase", then: () => wizard.passphrase(ROUTE_PASSPHRASES.browser) },
      { step: "delivery", then: () => wizard.deliveryPickup() },
      { step: "device", then: () => wizard.device("token") },
      { step: "documents", then: () => wizard.button("Prepara i documenti").click() },
      {
        // Both documents signed; the portal accepts the first, the second upload is still on
        // the way (held here) when the next crash comes.
        step: "sign",
        then: async () => {
          uploadCut = new Promise<void>((resolve) => {
            void wizard.page.route("**/documents/condizioni/signed", () => resolve());
          });
          await signAllDocuments(wizard, holder.userPin, 2, uploadCut);
          await uploadCut;
        },
      },
      // After the crash only the document the portal did not acknowledge is signed again.
      {
        step: "sign",
        then: () => signAllDocuments(wizard, holder.userPin, 1, undefined, ["condizioni"]),
      },
      {
        // The receipt made out to a company, then Checkout opened and left on its card choice.
        step: "summary",
        then: async () => {
          await wizard.page.locator('input[name="receipt-holder"][value="altro-soggetto"]').check();
          await wizard.page.locator("#receipt-fiscal-code").fill(COMPANY.partitaIva);
          await wizard.page.locator("#receipt-name").fill(COMPANY.name);
          await wizard.page.getByLabel("Ho controllato i dati e sono corretti").check();
          const checkout = await checkoutTab(() => wizard.button("Paga con pagoPA").click());
          await checkout.getByLabel("Indirizzo email").fill(CONTACTS.email);
          await checkout.getByRole("button", { name: "Continua" }).click();
          await checkout.getByRole("button", { name: "Carta di credito/debito" }).waitFor();
        },
      },
      {
        // Checkout was open in the killed browser: the same notice opens again, and is paid.
        step: "pay",
        then: async () => {
          const checkout = await checkoutTab(() => wizard.button("Apri pagoPA").click());
          expect(await payInCheckout(checkout, SUCCESS_CARD, CONTACTS.email)).toEqual({ outcome: "success" });
          await checkout.close();
          await wizard.at("status", 60_000);
          await expect.poll(() => wizard.routeState(), { timeout: 30_000 }).toBe("pagata");
        },
      },
      { step: "status", then: async () => undefined },
    ];
    for (const { step, then } of route) {
      await crashAt(step);
      await then();
    }

    expect(crashes).toBe(route.length);
    console.info(`crash pass: ${crashes} crashes, the portal session lost in ${sessionsLost}`);
    const paid = await portalView();
    expect(paid).toMatchObject({ state: "pagata", payment: { paid: true, receiptHolderLocked: true } });
    expect(paid?.documents.map((document) => document.signed)).toEqual([true, true]);
    expect(paid?.data.receiptHolder).toEqual({
      kind: "altro-soggetto",
      fiscalCode: COMPANY.partitaIva,
      name: COMPANY.name,
    });
    const id = paid?.id ?? "";
    // One notice, paid once, whatever the crashes interrupted.
    expect(countRows(sandbox.portalDb, "SELECT COUNT(*) AS n FROM payments WHERE request_id = ?", id)).toBe(
      1,
    );
    expect(
      countRows(
        sandbox.pagopaDb,
        "SELECT COUNT(*) AS n FROM receipts WHERE notice_number = ?",
        paid?.payment?.noticeNumber ?? "",
      ),
    ).toBe(1);
    await wizard.page.close();
  }, 600_000);

  it("refuses the login with an expired certificate, with the reason", async () => {
    const holder = await insertCard("expired");
    await browser.context.clearCookies();
    const wizard = await openWizard("expired");
    await wizard.authenticate(holder.userPin);
    await wizard.expectError("AUTH_TOKEN_CERTIFICATE_EXPIRED", 30_000);
    await wizard.shoot("expired-refused");
    expect(await wizard.currentStep()).toBe("authenticate");
    await wizard.page.close();
  }, 180_000);
});
