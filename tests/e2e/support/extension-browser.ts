import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import { expect } from "vitest";

/** The Chrome MV3 build of the extension (npm test builds it before the suites). */
export const EXTENSION_DIR = fileURLToPath(
  new URL("../../../extension/.output/chrome-mv3/", import.meta.url),
);

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly worker: Worker;
  /** `chrome-extension://<id>/` */
  readonly extensionUrl: string;
  /** The persistent profile: launching again on it is a browser restart. */
  readonly userDataDir: string;
}

/**
 * Debian's Chromium, headless, with the built extension loaded, on a persistent profile: closing
 * it and launching again on the same `userDataDir` is a browser restart (storage kept).
 */
export async function launchExtensionBrowser(userDataDir: string): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  return {
    context,
    worker,
    extensionUrl: `chrome-extension://${new URL(worker.url()).host}/`,
    userDataDir,
  };
}

/**
 * Chromium's browser process for a profile: the one whose command line names the profile and is
 * not a child (renderers, GPU, utilities and zygotes carry `--type=`).
 */
function browserProcessId(userDataDir: string): number {
  const found = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      let args: string[];
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
      return (
        args.includes(`--user-data-dir=${userDataDir}`) && !args.some((arg) => arg.startsWith("--type="))
      );
    });
  if (found.length !== 1)
    throw new Error(`expected one Chromium browser process on ${userDataDir}, found ${found.length}`);
  return Number(found[0]);
}

/**
 * A browser crash: SIGKILL of Chromium's browser process (no shutdown, nothing written on the
 * way out; its children go with it), then waits until Playwright has seen the browser go.
 * Launching again on the same `userDataDir` is the holder opening the browser after the crash.
 */
export async function crashExtensionBrowser(browser: ExtensionBrowser): Promise<void> {
  const pid = browserProcessId(browser.userDataDir);
  const gone = new Promise<void>((resolve) => browser.context.once("close", () => resolve()));
  process.kill(pid, "SIGKILL");
  await gone;
}

/** Sets the extension's options (chrome.storage.local), as a holder would on the options page. */
export async function setExtensionOptions(worker: Worker, options: Record<string, unknown>): Promise<void> {
  await worker.evaluate(
    (values) =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
      ).chrome.storage.local.set(values),
    options,
  );
}

type DialogKind = "pin" | "consent" | "any";

/**
 * The extension's dialog windows (site permission, consent, PIN), each returned once, whether it
 * opened before or after the call.
 */
export class ExtensionDialogs {
  readonly #seen = new Set<Page>();
  constructor(
    private readonly context: BrowserContext,
    private readonly extensionUrl: string,
  ) {}

  async next(kind: DialogKind = "any", timeout = 20_000): Promise<Page> {
    let found: Page | undefined;
    await expect.poll(() => (found = this.#find(kind)) !== undefined, { timeout }).toBe(true);
    return this.#take(found as Page);
  }

  /** The dialog of `kind` if one is open now (without waiting for one). */
  async ifOpen(kind: DialogKind): Promise<Page | undefined> {
    const found = this.#find(kind);
    return found === undefined ? undefined : this.#take(found);
  }

  #find(kind: DialogKind): Page | undefined {
    const pattern = kind === "any" ? /\/(pin|consent)\.html\?id=/ : new RegExp(`/${kind}\\.html\\?id=`);
    return this.context
      .pages()
      .find(
        (page) =>
          !this.#seen.has(page) &&
          !page.isClosed() &&
          page.url().startsWith(this.extensionUrl) &&
          pattern.test(page.url()),
      );
  }

  async #take(page: Page): Promise<Page> {
    this.#seen.add(page);
    await page.waitForLoadState();
    await page.locator("main h1").waitFor();
    return page;
  }
}

/** Runs a dialog's final action, which closes the window under the action itself. */
export async function closingAction(page: Page, action: () => Promise<void>): Promise<void> {
  await action().catch((error: unknown) => {
    if (!page.isClosed()) throw error;
  });
}

/**
 * Waits for the consent window's first-page preview of `name` and checks it is a real drawing: a
 * canvas with an accessible name and ink (the page's text) on it.
 */
export async function expectPdfPreview(consent: Page, name: string): Promise<void> {
  const preview = consent.getByTestId("consent-preview").filter({ hasText: name });
  await expect.poll(() => preview.getAttribute("data-state"), { timeout: 20_000 }).toBe("shown");
  const canvas = consent.getByRole("img", { name: `Prima pagina di ${name}` });
  const inked = await canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext("2d");
    if (context === null) return 0;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    let dark = 0;
    // Thumbnail text is small and anti-aliased: any clearly non-white pixel is ink.
    for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 200) dark += 1;
    return dark;
  });
  expect(inked).toBeGreaterThan(50);
}
