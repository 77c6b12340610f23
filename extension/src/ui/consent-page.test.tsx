// @vitest-environment happy-dom
import { createHash } from "node:crypto";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { PdfJs } from "../dialogs/pdf-first-page.js";
import { loadLanguage, setLanguage } from "../i18n/t.js";
import { ConsentPage } from "./consent-page.js";
import type { PreviewSources } from "./consent-preview.js";

vi.mock("wxt/browser", async () => ({ browser: (await import("wxt/testing/fake-browser")).fakeBrowser }));

const pdf = new TextEncoder().encode("%PDF-1.7\n% domanda di rilascio\n%%EOF\n");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const request = {
  kind: "consent",
  origin: "https://portale.example.it",
  format: "cades",
  files: [
    { name: "domanda.pdf", size: pdf.length, sha256: sha256(pdf) },
    { name: "condizioni.txt", size: 19, sha256: "b".repeat(64) },
  ],
};

/** Plays the background: answers dialog:get, records the holder's answer. */
function background(shown: unknown = request) {
  const received: { kind: string; id?: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener((raw: unknown) => {
    const message = raw as { kind: string; id?: string };
    received.push(message);
    return Promise.resolve({ ok: true, value: message.kind === "dialog:get" ? shown : null });
  });
  return received;
}

/** pdf.js as it answers a PDF protected by an open password. */
function pdfJsFailingWith(name: string): PdfJs {
  const failure = Object.assign(new Error("No password given"), { name });
  return {
    getDocument: () => ({ promise: Promise.reject(failure), destroy: () => Promise.resolve() }),
  };
}

function sources(overrides: Partial<PreviewSources> = {}): PreviewSources & { loads: () => number } {
  let loads = 0;
  return {
    fetchDocument: () => Promise.resolve(new Blob([pdf])),
    loadPdfJs: () => {
      loads += 1;
      return Promise.resolve(pdfJsFailingWith("PasswordException"));
    },
    loads: () => loads,
    ...overrides,
  };
}

async function previewMessage(): Promise<string> {
  const preview = await screen.findByTestId("consent-preview");
  await waitFor(() => expect(preview.getAttribute("data-state")).toBe("failed"));
  return screen.getByRole("status").textContent ?? "";
}

describe("ConsentPage's first-page preview", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    setLanguage("it");
    window.close = vi.fn();
  });
  afterEach(cleanup);

  it("explains in Italian why an encrypted PDF has no preview, and Firma still works", async () => {
    const received = background();
    render(<ConsentPage dialogId="c1" previewSources={sources()} />);
    expect(await previewMessage()).toBe("Anteprima non disponibile: il PDF è protetto da password.");
    fireEvent.click(screen.getByRole("button", { name: "Firma (2)" }));
    await waitFor(() => expect(received).toContainEqual({ kind: "dialog:confirm", id: "c1" }));
  });

  it("says a damaged PDF cannot be shown, and Annulla still works", async () => {
    const received = background();
    render(
      <ConsentPage
        dialogId="c2"
        previewSources={sources({
          loadPdfJs: () => Promise.resolve(pdfJsFailingWith("InvalidPDFException")),
        })}
      />,
    );
    expect(await previewMessage()).toBe("Anteprima non disponibile: il PDF è danneggiato o non valido.");
    fireEvent.click(screen.getByRole("button", { name: "Annulla" }));
    await waitFor(() => expect(received).toContainEqual({ kind: "dialog:refuse", id: "c2" }));
  });

  it("lets the holder answer while the preview is still loading", async () => {
    const received = background();
    render(
      <ConsentPage dialogId="c3" previewSources={sources({ fetchDocument: () => new Promise(() => {}) })} />,
    );
    expect((await screen.findByTestId("consent-preview")).getAttribute("data-state")).toBe("loading");
    fireEvent.click(screen.getByRole("button", { name: "Firma (2)" }));
    await waitFor(() => expect(received).toContainEqual({ kind: "dialog:confirm", id: "c3" }));
  });

  it("never previews bytes other than those whose SHA-256 it shows", async () => {
    background();
    const other = sources({ fetchDocument: () => Promise.resolve(new Blob(["%PDF-1.7 altro documento"])) });
    render(<ConsentPage dialogId="c4" previewSources={other} />);
    expect(await previewMessage()).toBe(
      "Anteprima non disponibile: il contenuto non corrisponde all'impronta SHA-256 mostrata.",
    );
    expect(other.loads()).toBe(0);
  });

  it("says when nobody holds the document any more", async () => {
    background();
    render(
      <ConsentPage dialogId="c5" previewSources={sources({ fetchDocument: () => Promise.resolve(null) })} />,
    );
    expect(await previewMessage()).toBe("Anteprima non disponibile: il documento non è più raggiungibile.");
  });

  it("does not read a PDF too large for a thumbnail", async () => {
    const huge = {
      ...request,
      files: [{ name: "atlante.pdf", size: 200 * 1024 * 1024, sha256: "c".repeat(64) }],
    };
    background(huge);
    const fetchDocument = vi.fn(() => Promise.resolve(null));
    render(<ConsentPage dialogId="c6" previewSources={sources({ fetchDocument })} />);
    expect(await previewMessage()).toMatch(/^Anteprima non disponibile: il PDF supera 67,1 MB/);
    expect(fetchDocument).not.toHaveBeenCalled();
  });

  it("loads no pdf.js at all when no PDF is listed", async () => {
    const textOnly = { ...request, files: [{ name: "condizioni.txt", size: 19, sha256: "b".repeat(64) }] };
    background(textOnly);
    const quiet = sources();
    render(<ConsentPage dialogId="c7" previewSources={quiet} />);
    await screen.findByText("condizioni.txt");
    expect(screen.queryByTestId("consent-preview")).toBeNull();
    expect(quiet.loads()).toBe(0);
  });
});

describe("ConsentPage: who asks for the signature", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    window.close = vi.fn();
  });
  afterEach(cleanup);

  const fromRoute = {
    kind: "consent",
    origin: "extension",
    format: "cades",
    files: [{ name: "modulo-richiesta.pdf", size: pdf.length, sha256: sha256(pdf) }],
    requester: { page: "route", site: "https://portale.camera.example.it" },
  };

  it.each([
    ["it", "Firma richiesta dalla pagina «Richiedi nuovo dispositivo» di cns-bridge"],
    ["en", 'Signature requested from cns-bridge\'s "Request a new device" page'],
  ] as const)("names the route page and the Chamber's portal (%s)", async (language, page) => {
    await loadLanguage(language);
    setLanguage(language);
    background(fromRoute);
    render(<ConsentPage dialogId="r1" previewSources={sources()} />);
    const requester = await screen.findByTestId("consent-requester");
    expect(requester.textContent).toContain(page);
    expect(requester.textContent).toContain("https://portale.camera.example.it");
    expect(document.body.textContent).not.toContain("Firma documenti");
  });
});

describe("ConsentPage: a site asking for permission", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    window.close = vi.fn();
  });
  afterEach(cleanup);

  it.each([
    ["it", "Il sito che chiede di usare la tua CNS è", "chiede la firma"],
    ["en", "The site asking to use your CNS is", "asking for the signature"],
  ] as const)(
    "names the site asking to use the CNS, not a signature (%s)",
    async (language, asks, notSaid) => {
      await loadLanguage(language);
      setLanguage(language);
      background({ kind: "site", origin: "https://portale.example.it" });
      render(<ConsentPage dialogId="s1" previewSources={sources()} />);
      await screen.findByRole("heading", { level: 1 });
      expect(document.body.textContent).toContain(`${asks} https://portale.example.it`);
      expect(document.body.textContent).not.toContain(notSaid);
    },
  );
});
