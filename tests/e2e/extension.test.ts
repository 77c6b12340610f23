import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEVELOPMENT_EXTENSION_ID } from "@cns-bridge/shared";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import { type RunningAgentServer, startAgentServer } from "../../agent/src/server/agent-server.js";
import { signDocumentFile, signDocumentInMemory } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import {
  createSoftHsmTestToken,
  SOFTHSM_MODULE,
  type SoftHsmTestToken,
} from "../agent/support/softhsm-test-token.js";
import { makeTestPdf } from "../pades/support/test-pdfs.js";
import { testLogDestination } from "../support/test-logs.js";
import {
  EXTENSION_DIR,
  ExtensionDialogs,
  expectPdfPreview,
  launchExtensionBrowser,
  setExtensionOptions,
} from "./support/extension-browser.js";
import { startTestPortal, type TestPortal } from "./support/portal-page.js";

const artifacts = fileURLToPath(new URL("../artifacts/e2e/", import.meta.url));
const axeSource = readFileSync(
  createRequire(fileURLToPath(new URL("../../extension/package.json", import.meta.url))).resolve(
    "axe-core/axe.min.js",
  ),
  "utf8",
);

/** The Chrome extension id of an unpacked extension with a manifest `key`: SHA-256 of the key, first 32 hex digits as a-p. */
function extensionIdOfKey(base64Key: string): string {
  const digest = createHash("sha256").update(Buffer.from(base64Key, "base64")).digest("hex").slice(0, 32);
  return [...digest].map((hex) => String.fromCharCode(97 + parseInt(hex, 16))).join("");
}

/** axe-core on the page: the serious and critical violations, by rule id. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

const agentBin = fileURLToPath(new URL("../../agent/bin/cns-agent", import.meta.url));

/** `cns-agent verify` on a signed file, trusting the test CA: exit 0 only when every signature is valid. */
function verifyWithAgentCli(
  bytes: Uint8Array,
  name: string,
  caPem: string,
): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "cns-bridge-e2e-signed-"));
  try {
    writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, "ca.pem"), caPem);
    const run = spawnSync(
      "node",
      [agentBin, "verify", "--in", join(dir, name), "--trust", join(dir, "ca.pem")],
      {
        encoding: "utf8",
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the holder's final action in a dialog, which closes the window under the action itself. */
async function closingAction(page: Page, action: () => Promise<void>): Promise<void> {
  await action().catch((error: unknown) => {
    if (!page.isClosed()) throw error;
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

describe("the extension in Chromium with the agent on a SoftHSM2 CNS", () => {
  let token: SoftHsmTestToken;
  let service: TokenService;
  let agent: RunningAgentServer;
  let portal: TestPortal;
  let context: BrowserContext;
  let worker: Worker;
  let userDataDir: string;
  let extensionUrl: string;
  let caPem: string;
  /** signFile counts every document the token service signs, from a file or (inline) in memory. */
  const calls = { login: 0, signFile: 0 };

  const startAgent = (port: number) =>
    startAgentServer({
      port,
      allowedOrigins: [`chrome-extension://${DEVELOPMENT_EXTENSION_ID}`],
      service,
      logger: createAgentLogger({ destination: testLogDestination("e2e-extension-agent-server") }),
    });

  let dialogs: ExtensionDialogs;
  /** The next extension dialog window (consent.html for site permission and consent, pin.html). */
  const nextDialog = (): Promise<Page> => dialogs.next("any");

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    token = createSoftHsmTestToken("CNS E2E");
    process.env.SOFTHSM2_CONF = token.softhsm2Conf;
    service = new TokenService({
      module: openPkcs11Module(SOFTHSM_MODULE),
      logger: createAgentLogger({ destination: testLogDestination("e2e-extension-token-service") }),
      pollIntervalMs: 500,
      signDocumentFile,
      signDocumentInMemory,
    });
    const login = service.login.bind(service);
    service.login = (...args) => {
      calls.login += 1;
      return login(...args);
    };
    const signFile = service.signFile.bind(service);
    service.signFile = (...args) => {
      calls.signFile += 1;
      return signFile(...args);
    };
    const signBytes = service.signBytes.bind(service);
    service.signBytes = (...args) => {
      calls.signFile += 1;
      return signBytes(...args);
    };
    agent = await startAgent(0);
    caPem = readFileSync(join(token.dir, "ca.pem"), "utf8");
    portal = await startTestPortal(caPem);
    userDataDir = mkdtempSync(join(tmpdir(), "cns-bridge-e2e-"));
    ({ context, worker, extensionUrl } = await launchExtensionBrowser(userDataDir));
    dialogs = new ExtensionDialogs(context, extensionUrl);
    // The options a holder would set: this agent's port, developer mode for the http://127.0.0.1 portal, Italian.
    await setExtensionOptions(worker, { agentPort: agent.port, developerMode: true, language: "it" });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await agent?.close();
    await portal?.close();
    await service?.close();
    token?.remove();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("has the id fixed by the manifest key, the one the agent allows", () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, "manifest.json"), "utf8")) as {
      key: string;
    };
    expect(extensionIdOfKey(manifest.key)).toBe(DEVELOPMENT_EXTENSION_ID);
    expect(extensionUrl).toBe(`chrome-extension://${DEVELOPMENT_EXTENSION_ID}/`);
  });

  it("shows the holder, the masked codice fiscale and both certificates in the popup", async () => {
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.goto(`${extensionUrl}popup.html`);
    await expect.poll(() => popup.locator("main").innerText(), { timeout: 15_000 }).toContain("MARIO ROSSI");
    await expect(popup.getByTestId("codice-fiscale").innerText()).resolves.toBe("RSS*********501U");
    const text = await popup.locator("main").innerText();
    expect(text).toContain("Autenticazione (CNS)");
    expect(text).toContain("Firma digitale");
    // The expiry date written for people ("scade il 23 novembre 2027"), not 23/11/2027.
    expect(text).toMatch(/scade il \d{1,2} [a-z]+ \d{4}/);
    await shoot(popup, "popup");
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.getByRole("button", { name: "Mostra" }).click();
    await expect(popup.getByTestId("codice-fiscale").innerText()).resolves.toBe(token.codiceFiscale);
    await popup.close();
  });

  it("authenticates a page: site permission, PIN, and the server verifies the token for its origin", async () => {
    const page = await context.newPage();
    await page.goto(portal.url);
    const result = page.evaluate(async () => {
      const { nonce } = (await (await fetch("/challenge")).json()) as { nonce: string };
      const bridge = (window as unknown as { cnsBridge: { authenticate(n: string): Promise<unknown> } })
        .cnsBridge;
      const authToken = await bridge.authenticate(nonce);
      const reply = await fetch("/login", { method: "POST", body: JSON.stringify({ nonce, authToken }) });
      return reply.json();
    });

    const site = await nextDialog();
    expect(await site.locator("main").innerText()).toContain(portal.url);
    await shoot(site, "site-permission");
    expect(await seriousViolations(site)).toEqual([]);
    await closingAction(site, () => site.getByRole("button", { name: "Consenti", exact: true }).click());

    const pin = await nextDialog();
    const text = await pin.locator("main").innerText();
    expect(text).toContain(portal.url);
    expect(text).toContain("accedere al sito");
    await shoot(pin, "pin");
    expect(await seriousViolations(pin)).toEqual([]);
    // Keyboard only: the PIN field has the focus, Enter confirms.
    await pin.keyboard.type(token.userPin);
    await closingAction(pin, () => pin.keyboard.press("Enter"));

    await expect(result).resolves.toEqual({ codiceFiscale: token.codiceFiscale });
    expect(calls.login).toBe(1);
    await page.close();
  });

  it("reports a wrong PIN in the PIN window, never retries it, and Annulla fails the request", async () => {
    const popup = await context.newPage();
    await popup.goto(`${extensionUrl}popup.html`);
    await popup.getByRole("button", { name: "Chiudi la sessione" }).click();
    await expect.poll(() => popup.locator("main").innerText()).toContain("Il PIN ti sarà chiesto");
    await popup.close();

    const page = await context.newPage();
    await page.goto(portal.url);
    const result = page.evaluate(async () => {
      const { nonce } = (await (await fetch("/challenge")).json()) as { nonce: string };
      const bridge = (window as unknown as { cnsBridge: { authenticate(n: string): Promise<unknown> } })
        .cnsBridge;
      return bridge.authenticate(nonce).then(
        () => "signed in",
        (error: { code: string }) => error.code,
      );
    });
    const pin = await nextDialog();
    const before = calls.login;
    await pin.getByLabel("PIN", { exact: true }).fill("00000000");
    await pin.getByRole("button", { name: "Conferma" }).click();
    await expect(pin.getByTestId("pin-error").innerText()).resolves.toContain("PIN errato");
    await expect(pin.getByLabel("PIN", { exact: true }).inputValue()).resolves.toBe("");
    await shoot(pin, "pin-wrong");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(calls.login - before).toBe(1);
    // Escape cancels and the window closes under the key press itself.
    await closingAction(pin, () => pin.keyboard.press("Escape"));
    await expect(result).resolves.toBe("PIN_CANCELLED");
    expect(calls.login - before).toBe(1);
    await page.close();
  });

  it("signs nothing when the holder refuses the consent (keyboard only), after a PDF preview", async () => {
    const pdf = await makeTestPdf("xref-table");
    const page = await context.newPage();
    await page.goto(portal.url);
    const result = page.evaluate(async (pdfBytes) => {
      const bridge = (
        window as unknown as {
          cnsBridge: { sign(f: string, d: { name: string; data: Uint8Array }[]): Promise<unknown> };
        }
      ).cnsBridge;
      const encode = (text: string) => new TextEncoder().encode(text);
      return bridge
        .sign("cades", [
          { name: "domanda.pdf", data: Uint8Array.from(pdfBytes) },
          { name: "condizioni.txt", data: encode("Condizioni generali") },
        ])
        .then(
          () => "signed",
          (error: { code: string }) => error.code,
        );
    }, Array.from(pdf));
    const consent = await nextDialog();
    const text = await consent.locator("main").innerText();
    expect(text).toContain("domanda.pdf");
    expect(text).toContain("condizioni.txt");
    expect(text).toContain(createHash("sha256").update(pdf).digest("hex"));
    expect(text).toContain("CAdES");
    // Page 1 of the PDF, drawn by the packaged pdf.js from the bytes the background holds.
    await expectPdfPreview(consent, "domanda.pdf");
    await shoot(consent, "consent");
    expect(await seriousViolations(consent)).toEqual([]);
    // Annulla has the focus: Enter refuses, it never signs.
    await closingAction(consent, () => consent.keyboard.press("Enter"));
    await expect(result).resolves.toBe("CONSENT_REFUSED");
    expect(calls.signFile).toBe(0);
    await page.close();
  });

  it("signs two files through the page API after consent and PIN; cns-agent verify accepts both", async () => {
    const page = await context.newPage();
    await page.goto(portal.url);
    const result = page.evaluate(async () => {
      const bridge = (
        window as unknown as {
          cnsBridge: {
            sign(
              f: string,
              d: { name: string; data: Uint8Array }[],
            ): Promise<{ name: string; data: Uint8Array }[]>;
          };
        }
      ).cnsBridge;
      const encode = (text: string) => new TextEncoder().encode(text);
      const signed = await bridge.sign("cades", [
        { name: "domanda.txt", data: encode("Domanda di rilascio") },
        { name: "condizioni.txt", data: encode("Condizioni generali") },
      ]);
      return signed.map((file) => ({ name: file.name, data: Array.from(file.data) }));
    });
    const consent = await nextDialog();
    await closingAction(consent, () => consent.getByRole("button", { name: "Firma (2)" }).click());
    const pin = await nextDialog();
    expect(await pin.locator("main").innerText()).toContain("firmare i documenti");
    await pin.keyboard.type(token.userPin);
    await closingAction(pin, () => pin.keyboard.press("Enter"));
    const signed = await result;
    expect(signed.map((file) => file.name)).toEqual(["domanda.txt.p7m", "condizioni.txt.p7m"]);
    expect(calls.signFile).toBe(2);
    for (const file of signed) {
      const verdict = verifyWithAgentCli(Uint8Array.from(file.data), file.name, caPem);
      expect(verdict, verdict.output).toMatchObject({ status: 0 });
    }
    await page.close();
  });

  it("signs in the Firma documenti page and offers the signed file for download", async () => {
    const page = await context.newPage();
    await page.goto(`${extensionUrl}sign.html`);
    await page.getByLabel("Scegli i file da firmare").setInputFiles([
      { name: "relazione.txt", mimeType: "text/plain", buffer: Buffer.from("Relazione tecnica") },
      {
        name: "allegato.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(await makeTestPdf("three-pages")),
      },
    ]);
    await page.getByRole("button", { name: "Firma", exact: true }).click();
    const consent = await nextDialog();
    expect(await consent.locator("main").innerText()).toContain("relazione.txt");
    // This preview's bytes come from the Firma documenti page, which holds the files.
    await expectPdfPreview(consent, "allegato.pdf");
    await closingAction(consent, () => consent.getByRole("button", { name: "Firma (2)" }).click());
    await expect.poll(() => page.getByTestId("signed-file").count(), { timeout: 30_000 }).toBe(2);
    const link = page.getByTestId("signed-file").first();
    await shoot(page, "sign-done");
    const bytes = await link.evaluate(async (anchor: HTMLAnchorElement) =>
      Array.from(new Uint8Array(await (await fetch(anchor.href)).arrayBuffer())),
    );
    expect(await link.getAttribute("download")).toBe("relazione.txt.p7m");
    const verdict = verifyWithAgentCli(Uint8Array.from(bytes), "relazione.txt.p7m", caPem);
    expect(verdict, verdict.output).toMatchObject({ status: 0 });

    // The Verifica tab reads the same file back: signer, codice fiscale, intact.
    await page.getByRole("tab", { name: "Verifica" }).click();
    await page.getByLabel("Scegli un file firmato").setInputFiles({
      name: "relazione.txt.p7m",
      mimeType: "application/pkcs7-mime",
      buffer: Buffer.from(bytes),
    });
    const report = page.getByTestId("verify-report");
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain("MARIO ROSSI");
    expect(text).toContain(token.codiceFiscale);
    expect(text).toContain("Firma integra");
    await shoot(page, "verify");
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("signs the file chosen in a page's file input and puts the .p7m back into the same input", async () => {
    await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
      ).chrome.storage.local.set({ attachButton: true }),
    );
    const page = await context.newPage();
    await page.goto(portal.url);
    const input = page.locator("#upload");
    await input.setInputFiles({
      name: "istanza.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Istanza"),
    });
    await input.focus();
    // The button's text follows the browser's language (browser.i18n in the content script): found by its marker.
    await page.locator("button[data-cns-bridge-attach]").click();
    const consent = await nextDialog();
    expect(await consent.locator("main").innerText()).toContain(portal.url);
    await closingAction(consent, () => consent.getByRole("button", { name: "Firma (1)" }).click());
    await expect
      .poll(() => input.evaluate((element: HTMLInputElement) => element.files?.[0]?.name), {
        timeout: 15_000,
      })
      .toBe("istanza.txt.p7m");
    const bytes = await input.evaluate(async (element: HTMLInputElement) =>
      Array.from(new Uint8Array(await (element.files?.[0] as File).arrayBuffer())),
    );
    const verdict = verifyWithAgentCli(Uint8Array.from(bytes), "istanza.txt.p7m", caPem);
    expect(verdict, verdict.output).toMatchObject({ status: 0 });
    await shoot(page, "sign-and-attach");
    await page.close();
  });

  it("has no serious accessibility violations on the options, Firma documenti and diagnostics pages", async () => {
    const page = await context.newPage();
    for (const name of ["options", "sign", "diagnostics"]) {
      await page.goto(`${extensionUrl}${name}.html`);
      await page.locator("main h1").waitFor();
      await shoot(page, name);
      expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
    }
    await page.close();
  });

  it("shows the agent's diagnostics report on the Diagnostica page, personal data masked unless asked", async () => {
    const page = await context.newPage();
    await page.goto(`${extensionUrl}diagnostics.html`);
    const main = page.locator("main");
    const finished = () =>
      expect.poll(() => main.getAttribute("aria-busy"), { timeout: 90_000 }).toBe("false");
    await finished();
    await expect(
      page.locator('li[data-check-id="extension.agent"]').getAttribute("class"),
    ).resolves.toContain("diag-ok");
    for (const id of ["token.pin", "token.certificates"]) {
      await expect(page.locator(`li[data-check-id="${id}"]`).getAttribute("class")).resolves.toContain(
        "diag-ok",
      );
    }
    await expect(page.getByRole("heading", { name: "CNS" }).count()).resolves.toBe(1);
    // Masked by default, evidence in the closed "Dettagli" included.
    expect(await main.textContent()).not.toContain(token.codiceFiscale);
    await shoot(page, "diagnostics-report");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Mostra dati personali").check();
    await expect.poll(() => main.textContent(), { timeout: 90_000 }).toContain(token.codiceFiscale);
    await page.close();
  });

  it("says to start cns-bridge when the agent stops, and reconnects when it is back", async () => {
    const popup = await context.newPage();
    await popup.goto(`${extensionUrl}popup.html`);
    await expect.poll(() => popup.locator("main").innerText(), { timeout: 15_000 }).toContain("MARIO ROSSI");
    const port = agent.port;
    await agent.close();
    await expect
      .poll(() => popup.locator("main").innerText(), { timeout: 15_000 })
      .toContain("cns-bridge non è avviato");
    await shoot(popup, "popup-agent-missing");
    agent = await startAgent(port);
    await expect.poll(() => popup.locator("main").innerText(), { timeout: 20_000 }).toContain("MARIO ROSSI");
    await popup.close();
  });
});
