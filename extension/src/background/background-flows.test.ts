import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CnsBridgeError, isCnsBridgeError, PAGE_API_VERSION, type TokenSummary } from "@cns-bridge/shared";
import type { AgentStatus } from "../agent/agent-status.js";
import { DialogBroker } from "../dialogs/dialog-broker.js";
import type { DialogRequest } from "../dialogs/dialog-requests.js";
import type { SiteDecision } from "../storage-items.js";
import type { CnsContext } from "./cns-context.js";
import { createMessageRouter } from "./message-router.js";
import { handlePageRequest } from "./page-api-handler.js";
import { submitPin } from "./pin-flow.js";
import { SignRelay } from "./sign-relay.js";

const flags = {
  userPinCountLow: false,
  userPinFinalTry: false,
  userPinLocked: false,
  userPinToBeChanged: false,
  soPinCountLow: false,
  soPinFinalTry: false,
  soPinLocked: false,
};
const token: TokenSummary = {
  label: "CNS",
  serial: "0001",
  manufacturer: "test",
  model: "SoftHSM",
  pinFlags: flags,
  loggedIn: false,
  certificates: [],
};
const nonce = "q7t3Yk3c0yJX8lQm2cS0l1bD6mJq9kR4Xo1p2s3t4u8=";
const authToken = {
  format: "cns-bridge:1",
  unverifiedCertificate: "AAAA",
  algorithm: "RS256",
  signature: "AAAA",
  appVersion: "0.1.0",
} as const;

/** A fake agent: records every request, logs in with PIN 12345678 only. */
function fakeAgent() {
  const requests: { type: string; fields: Record<string, unknown> }[] = [];
  let loggedIn = false;
  let pinFlags = flags;
  const connection = {
    get status(): AgentStatus {
      return {
        kind: loggedIn ? "logged-in" : "token-present",
        agentVersion: "0.1.0",
        token: { ...token, loggedIn, pinFlags },
      };
    },
    async refreshTokens() {
      return connection.status;
    },
    async request(type: string, fields: Record<string, unknown>) {
      requests.push({ type, fields });
      if (type === "token.login") {
        if (fields.pin !== "12345678") {
          pinFlags = { ...flags, userPinFinalTry: true };
          throw new CnsBridgeError("PIN_INCORRECT");
        }
        loggedIn = true;
        return { type: "token.login.result", label: "CNS", serial: "0001", pinFlags };
      }
      if (type === "auth.sign") return { type: "auth.sign.result", authToken };
      if (type === "sign.start")
        return { type: "sign.start.result", jobId: `j${requests.length}`, chunkBytes: 4 };
      if (type === "sign.chunk") return { type: "sign.chunk.result", received: 0 };
      throw new Error(`unexpected ${type}`);
    },
  };
  return { connection: connection as unknown as CnsContext["connection"], requests };
}

/** A dialog broker whose "windows" are recorded; the test plays the holder. */
function fakeDialogs() {
  const opened: string[] = [];
  const broker = new DialogBroker(
    {
      open: async (path) => {
        opened.push(path);
        return opened.length;
      },
      close: async () => undefined,
    },
    () => `d${opened.length + 1}`,
  );
  return { broker, opened };
}

function memoryStore(initial: Record<string, SiteDecision> = {}) {
  let value = initial;
  return {
    getValue: async () => value,
    setValue: async (next: Record<string, SiteDecision>) => {
      value = next;
    },
    get current() {
      return value;
    },
  };
}

describe("page API in the background", () => {
  let agent: ReturnType<typeof fakeAgent>;
  let dialogs: ReturnType<typeof fakeDialogs>;
  let store: ReturnType<typeof memoryStore>;
  let context: CnsContext;

  beforeEach(() => {
    agent = fakeAgent();
    dialogs = fakeDialogs();
    store = memoryStore();
    context = {
      connection: agent.connection,
      dialogs: dialogs.broker,
      sitePermissions: store,
      developerMode: async () => false,
      extensionVersion: "0.1.0",
    };
  });
  afterEach(() => vi.useRealTimers());

  /** Waits until the background opened a dialog, and returns its id and what it shows. */
  async function nextDialog(): Promise<{ id: string; request: DialogRequest }> {
    await vi.waitFor(() => expect(dialogs.opened.length).toBeGreaterThan(0));
    const path = dialogs.opened.shift() ?? "";
    const id = new URLSearchParams(path.split("?")[1]).get("id") ?? "";
    const request = dialogs.broker.describe(id);
    if (request === null) throw new Error("dialog not pending");
    return { id, request };
  }

  it("authenticates with the origin of the sender, after the site permission and the PIN", async () => {
    const reply = handlePageRequest(
      context,
      { action: "cns-bridge:authenticate", requestId: "r1", nonce },
      "https://portale.example.it/login?x=1",
      "it",
    );
    const site = await nextDialog();
    expect(site.request).toEqual({ kind: "site", origin: "https://portale.example.it" });
    await dialogs.broker.confirm(site.id);
    const pin = await nextDialog();
    expect(pin.request).toMatchObject({
      kind: "pin",
      origin: "https://portale.example.it",
      reason: "authenticate",
    });
    expect(await submitPin(context, pin.id, "12345678")).toEqual({ ok: true });
    await expect(reply).resolves.toEqual({
      action: "cns-bridge:authenticate-success",
      requestId: "r1",
      version: PAGE_API_VERSION,
      authToken,
    });
    expect(agent.requests.find((r) => r.type === "auth.sign")?.fields).toEqual({
      token: "0001",
      origin: "https://portale.example.it",
      nonce,
    });
    expect(store.current).toEqual({ "https://portale.example.it": "allowed" });
  });

  it("reports a wrong PIN with fresh flags, sends it once, and fails with PIN_CANCELLED on Annulla", async () => {
    store = memoryStore({ "https://portale.example.it": "allowed" });
    context = { ...context, sitePermissions: store };
    const reply = handlePageRequest(
      context,
      { action: "cns-bridge:authenticate", requestId: "r2", nonce },
      "https://portale.example.it/",
      "it",
    );
    const pin = await nextDialog();
    const attempt = await submitPin(context, pin.id, "00000000");
    expect(attempt).toMatchObject({
      ok: false,
      error: { code: "PIN_INCORRECT" },
      pinFlags: { userPinFinalTry: true },
    });
    expect(dialogs.broker.describe(pin.id)).toMatchObject({ pinFlags: { userPinFinalTry: true } });
    expect(agent.requests.filter((r) => r.type === "token.login")).toHaveLength(1);
    await dialogs.broker.refuse(pin.id);
    await expect(reply).resolves.toMatchObject({
      action: "cns-bridge:authenticate-failure",
      error: { code: "PIN_CANCELLED" },
    });
    expect(agent.requests.filter((r) => r.type === "token.login")).toHaveLength(1);
    expect(agent.requests.some((r) => r.type === "auth.sign")).toBe(false);
  });

  it("signs nothing when consent is refused, and the consent lists name, size and SHA-256", async () => {
    store = memoryStore({ "https://portale.example.it": "allowed" });
    context = { ...context, sitePermissions: store };
    const reply = handlePageRequest(
      context,
      {
        action: "cns-bridge:sign",
        requestId: "r3",
        format: "cades",
        documents: [{ name: "domanda.txt", data: "YWJj" }],
      },
      "https://portale.example.it/",
      "en",
    );
    const consent = await nextDialog();
    expect(consent.request).toEqual({
      kind: "consent",
      origin: "https://portale.example.it",
      format: "cades",
      files: [
        {
          name: "domanda.txt",
          size: 3,
          sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        },
      ],
    });
    dialogs.broker.windowClosed(1);
    await expect(reply).resolves.toMatchObject({
      action: "cns-bridge:sign-failure",
      error: { code: "CONSENT_REFUSED", message: "Signature refused: no document was signed." },
    });
    expect(agent.requests).toEqual([]);
  });

  it.each([
    ["plain http", "http://portale.example.it/", "SITE_NOT_SECURE"],
    ["a file: page", "file:///tmp/x.html", "SITE_NOT_SECURE"],
    ["http localhost without developer mode", "http://localhost:8080/", "SITE_NOT_SECURE"],
  ])("refuses %s", async (_name, url, code) => {
    const reply = await handlePageRequest(
      context,
      { action: "cns-bridge:authenticate", requestId: "r4", nonce },
      url,
      "it",
    );
    expect(reply).toMatchObject({ action: "cns-bridge:authenticate-failure", error: { code } });
    expect(dialogs.opened).toEqual([]);
  });

  it("answers http://localhost in developer mode, and a denied site without asking again", async () => {
    context = {
      ...context,
      developerMode: async () => true,
      sitePermissions: memoryStore({ "http://localhost:8080": "denied" }),
    };
    const reply = await handlePageRequest(
      context,
      { action: "cns-bridge:authenticate", requestId: "r5", nonce },
      "http://localhost:8080/x",
      "it",
    );
    expect(reply).toMatchObject({ error: { code: "SITE_NOT_ALLOWED" } });
    expect(dialogs.opened).toEqual([]);
  });

  it("gives the status without any permission and a coded failure for a malformed request", async () => {
    await expect(
      handlePageRequest(
        context,
        { action: "cns-bridge:status", requestId: "s1" },
        "https://a.example/",
        "it",
      ),
    ).resolves.toEqual({
      action: "cns-bridge:status-success",
      requestId: "s1",
      version: PAGE_API_VERSION,
      extensionVersion: "0.1.0",
      status: "token-present",
    });
    await expect(
      handlePageRequest(
        context,
        { action: "cns-bridge:sign", requestId: "s2", format: "xml" },
        "https://a.example/",
        "it",
      ),
    ).resolves.toMatchObject({
      action: "cns-bridge:sign-failure",
      requestId: "s2",
      error: { code: "PAGE_API_BAD_REQUEST" },
    });
  });

  it("allows one dialog at a time", async () => {
    void dialogs.broker.ask({ kind: "site", origin: "https://a.example" }).catch(() => undefined);
    const second = await dialogs.broker
      .ask({ kind: "site", origin: "https://b.example" })
      .catch((error: unknown) => error);
    expect(isCnsBridgeError(second, "DIALOG_BUSY")).toBe(true);
  });

  describe("message router", () => {
    const base = "chrome-extension://ibjopldpmkdpncckfnebdohilediokme/";
    const route = () =>
      createMessageRouter({
        context,
        relay: new SignRelay(context),
        extensionBaseUrl: base,
        language: async () => "it",
        reconnect: () => undefined,
        portalOrigin: async () => "http://127.0.0.1:8091",
      });

    it("takes page API requests only from content scripts and PIN submissions only from extension pages", async () => {
      const router = route();
      await expect(
        router({ kind: "pin:submit", id: "d1", pin: "12345678" }, { url: "https://evil.example/" }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: "BAD_USAGE" },
      });
      await expect(
        router(
          { kind: "page-api", request: { action: "cns-bridge:status", requestId: "x" } },
          { url: `${base}popup.html` },
        ),
      ).resolves.toMatchObject({ ok: false, error: { code: "BAD_USAGE" } });
      await expect(router({ kind: "status:get" }, { url: `${base}popup.html` })).resolves.toMatchObject({
        ok: true,
        value: { kind: "token-present" },
      });
    });

    it("logs the route wizard in to the configured portal: PIN window showing the portal's origin, token bound to it", async () => {
      const reply = route()(
        { kind: "portal:authenticate", origin: "http://127.0.0.1:8091", nonce },
        { url: `${base}route.html` },
      );
      const pin = await nextDialog();
      expect(pin.request).toMatchObject({
        kind: "pin",
        origin: "http://127.0.0.1:8091",
        reason: "authenticate",
      });
      expect(await submitPin(context, pin.id, "12345678")).toEqual({ ok: true });
      await expect(reply).resolves.toEqual({ ok: true, value: authToken });
      expect(agent.requests.find((r) => r.type === "auth.sign")?.fields).toEqual({
        token: "0001",
        origin: "http://127.0.0.1:8091",
        nonce,
      });
    });

    it.each([
      ["another origin", "https://evil.example", `route.html`, "PORTAL_ORIGIN_NOT_CONFIGURED"],
      ["another extension page", "http://127.0.0.1:8091", "sign.html", "BAD_USAGE"],
    ])(
      "refuses portal login for %s, before any dialog or agent request",
      async (_name, origin, page, code) => {
        await expect(
          route()({ kind: "portal:authenticate", origin, nonce }, { url: `${base}${page}` }),
        ).resolves.toMatchObject({ ok: false, error: { code } });
        expect(dialogs.opened).toEqual([]);
        expect(agent.requests).toEqual([]);
      },
    );

    const file = { name: "modulo-richiesta.pdf", size: 10, sha256: "a".repeat(64) };

    it("names the route page and the configured portal in the consent for the route wizard's documents", async () => {
      const reply = route()(
        { kind: "sign:begin", format: "cades", files: [file], site: "http://127.0.0.1:8091" },
        { url: `${base}route.html` },
      );
      const consent = await nextDialog();
      expect(consent.request).toEqual({
        kind: "consent",
        origin: "extension",
        format: "cades",
        files: [file],
        requester: { page: "route", site: "http://127.0.0.1:8091" },
      });
      await dialogs.broker.refuse(consent.id);
      await expect(reply).resolves.toMatchObject({ ok: false, error: { code: "CONSENT_REFUSED" } });
      expect(agent.requests).toEqual([]);
    });

    it.each([
      ["another page claiming a site", "sign.html", "http://127.0.0.1:8091", "BAD_USAGE"],
      ["the route page without its site", "route.html", undefined, "BAD_USAGE"],
      [
        "the route page for another site",
        "route.html",
        "https://evil.example",
        "PORTAL_ORIGIN_NOT_CONFIGURED",
      ],
    ])("refuses a signature batch from %s, before any dialog", async (_name, page, site, code) => {
      await expect(
        route()(
          { kind: "sign:begin", format: "cades", files: [file], ...(site === undefined ? {} : { site }) },
          { url: `${base}${page}` },
        ),
      ).resolves.toMatchObject({ ok: false, error: { code } });
      expect(dialogs.opened).toEqual([]);
      expect(agent.requests).toEqual([]);
    });

    it("refuses portal login from a web page and for a portal the holder denied", async () => {
      await expect(
        route()(
          { kind: "portal:authenticate", origin: "http://127.0.0.1:8091", nonce },
          { url: "http://127.0.0.1:8091/" },
        ),
      ).resolves.toMatchObject({ ok: false, error: { code: "BAD_USAGE" } });
      context = { ...context, sitePermissions: memoryStore({ "http://127.0.0.1:8091": "denied" }) };
      await expect(
        route()(
          { kind: "portal:authenticate", origin: "http://127.0.0.1:8091", nonce },
          { url: `${base}route.html` },
        ),
      ).resolves.toMatchObject({ ok: false, error: { code: "SITE_NOT_ALLOWED" } });
      expect(dialogs.opened).toEqual([]);
      expect(agent.requests).toEqual([]);
    });

    it("refuses portal login when the configured origin is invalid", async () => {
      const router = createMessageRouter({
        context,
        relay: new SignRelay(context),
        extensionBaseUrl: base,
        language: async () => "it",
        reconnect: () => undefined,
        portalOrigin: async () => {
          throw new CnsBridgeError("PORTAL_ORIGIN_INVALID", { origin: "http://portale.example" });
        },
      });
      await expect(
        router(
          { kind: "portal:authenticate", origin: "http://portale.example", nonce },
          { url: `${base}route.html` },
        ),
      ).resolves.toMatchObject({ ok: false, error: { code: "PORTAL_ORIGIN_INVALID" } });
      expect(agent.requests).toEqual([]);
    });

    it("refuses unknown messages and relay jobs it did not open", async () => {
      const router = route();
      await expect(router({ kind: "steal" }, { url: `${base}sign.html` })).resolves.toMatchObject({
        ok: false,
        error: { code: "BAD_INPUT" },
      });
      await expect(
        router({ kind: "sign:fetch", jobId: "j9", index: 0 }, { url: `${base}sign.html` }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: "JOB_NOT_FOUND" },
      });
    });
  });
});
