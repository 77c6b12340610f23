import {
  CnsBridgeError,
  contactsBodySchema,
  createTrustList,
  deliveryBodySchema,
  deviceBodySchema,
  loginBodySchema,
  passphraseBodySchema,
  RECEIPT_SIGNATURE_HEADER,
  renderNoticePdf,
  receiptHolderBodySchema,
  requesterBodySchema,
  verifyReceiptCallback,
} from "@cns-bridge/shared";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "node:crypto";
import { z } from "@cns-bridge/shared/zod-mini";
import { serveAssets } from "./assets.js";
import { advanceByChamber, BACK_OFFICE_STATES, expireIdleRequests } from "./back-office.js";
import { openPortalDb } from "./database.js";
import { DOCUMENT_KINDS, type DocumentKind, documentFilename, requestLines } from "./documents.js";
import { DocumentStore } from "./document-store.js";
import { holderName } from "./holder-name.js";
import { errorResponse, readBody } from "./http-errors.js";
import { landingPage, statusPage } from "./pages.js";
import { hashPassphrase } from "./passphrase-hash.js";
import { type PagopaConfig, PaymentStore } from "./payment.js";
import { PaymentFlow } from "./payment-flow.js";
import { RequestStore, type StoredRequest } from "./request-store.js";
import { buildRequestView, priceOf } from "./request-view.js";
import { type Holder, SESSION_COOKIE, SESSION_TTL_MS, SessionStore } from "./sessions.js";
import {
  applyContacts,
  applyDelivery,
  applyDevice,
  applyRequester,
  assertEditable,
  chamberOf,
  checkPassphrase,
  missingData,
  stateAfterEdit,
} from "./steps.js";
import { MAX_UPLOAD_BYTES, verifyUpload } from "./upload-verification.js";

export interface PortalOptions {
  readonly dbPath: string;
  /** PEM bundles or DER certificates of the CAs whose CNS are accepted (login and signatures). */
  readonly trustedCAs: readonly (string | Uint8Array)[];
  /** The origin the browser sees (auth tokens are bound to it), e.g. http://127.0.0.1:8091 */
  readonly publicOrigin: string;
  readonly pagopa: PagopaConfig;
  readonly clock?: () => Date;
  /** Folders of shared's build and zod's package, served to the pages as ES modules. */
  readonly assets?: { readonly shared: string; readonly zod: string };
  /** Enables the back office (`POST /operatore/richieste/:id/stato` with `x-operator-key`). */
  readonly operatorKey?: string;
}

type Env = { Variables: { holder: Holder } };

const backOfficeBodySchema = z.strictObject({ to: z.enum(BACK_OFFICE_STATES) });

export function createPortal(options: PortalOptions) {
  const clock = options.clock ?? (() => new Date());
  const db = openPortalDb(options.dbPath);
  const sessions = new SessionStore(db, clock);
  const requests = new RequestStore(db, clock);
  const documents = new DocumentStore(db);
  const payments = new PaymentStore(db);
  const trustList = createTrustList(options.trustedCAs);
  const flow = new PaymentFlow({
    requests,
    payments,
    documents,
    config: options.pagopa,
    publicOrigin: options.publicOrigin,
    clock,
  });
  const secure = options.publicOrigin.startsWith("https:");
  const app = new Hono<Env>();

  app.onError((error, c) => errorResponse(c, error));

  const view = (request: StoredRequest) =>
    buildRequestView(
      request,
      documents.list(request.id),
      payments.forRequest(request.id),
      clock().toISOString().slice(0, 10),
    );

  const ownRequest = (holder: Holder, id: string): StoredRequest => {
    const request = requests.get(id);
    if (request === undefined || request.codiceFiscale !== holder.codiceFiscale) {
      throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    }
    return request;
  };

  // ---- login with the CNS
  app.get("/api/challenge", (c) => c.json(sessions.issueChallenge()));

  app.post("/api/session", bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const body = await readBody(c, loginBodySchema);
    const { sessionId, holder } = await sessions.login({
      token: body.token,
      challengeId: body.challengeId,
      expectedOrigin: options.publicOrigin,
      trustedCAs: options.trustedCAs,
    });
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure,
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.json({ holder });
  });

  const requireHolder = createMiddleware<Env>(async (c, next) => {
    const holder = sessions.holderOf(getCookie(c, SESSION_COOKIE));
    if (holder === undefined) throw new CnsBridgeError("ROUTE_SESSION_REQUIRED");
    c.set("holder", holder);
    await next();
  });
  app.use("/api/session/me", requireHolder);
  app.use("/api/requests/*", requireHolder);
  app.use("/api/requests", requireHolder);

  app.get("/api/session/me", (c) => c.json({ holder: c.get("holder") }));

  app.delete("/api/session", (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id !== undefined) sessions.logout(id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  // ---- the request
  app.post("/api/requests", (c) => {
    const holder = c.get("holder");
    expireIdleRequests(requests, clock());
    const open = requests.openFor(holder.codiceFiscale);
    if (open !== undefined) return c.json(view(open), 200);
    return c.json(view(requests.create(holder)), 201);
  });

  app.get("/api/requests/current", (c) => {
    const open = requests.openFor(c.get("holder").codiceFiscale);
    if (open === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    return c.json(view(open));
  });

  app.get("/api/requests/:id", (c) => c.json(view(ownRequest(c.get("holder"), c.req.param("id")))));

  /** A data step: validated by the shared rules; the documents go stale, so they are dropped. */
  const edit = (
    id: string,
    apply: (request: StoredRequest) => StoredRequest["data"],
    passphraseHash?: string,
  ) => {
    const updated = requests.update(id, (current) => {
      assertEditable(current.state);
      const data = apply(current);
      documents.clear(id);
      return {
        data,
        state: stateAfterEdit(data),
        ...(passphraseHash === undefined ? {} : { passphraseHash }),
      };
    });
    return view(updated);
  };

  app.put("/api/requests/:id/requester", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const body = await readBody(c, requesterBodySchema);
    return c.json(edit(request.id, (current) => applyRequester(current.data, body)));
  });

  app.put("/api/requests/:id/contacts", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const body = await readBody(c, contactsBodySchema);
    return c.json(edit(request.id, (current) => applyContacts(current.data, body)));
  });

  app.put("/api/requests/:id/passphrase", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const { passphrase } = await readBody(c, passphraseBodySchema);
    assertEditable(request.state);
    checkPassphrase(passphrase);
    const hash = await hashPassphrase(passphrase);
    return c.json(edit(request.id, (current) => ({ ...current.data, passphraseSet: true }), hash));
  });

  app.put("/api/requests/:id/delivery", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const body = await readBody(c, deliveryBodySchema);
    return c.json(edit(request.id, (current) => applyDelivery(current.data, body)));
  });

  app.put("/api/requests/:id/device", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const { device } = await readBody(c, deviceBodySchema);
    return c.json(edit(request.id, (current) => applyDevice(current.data, device)));
  });

  /** The receipt holder: free until the payment starts, then locked (it is on the notice). */
  app.put("/api/requests/:id/receipt-holder", bodyLimit({ maxSize: 4096 }), async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const body = await readBody(c, receiptHolderBodySchema);
    return c.json(view(flow.setReceiptHolder(request.id, body)));
  });

  app.post("/api/requests/:id/cancel", (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    return c.json(view(requests.update(request.id, () => ({ state: "annullata" }))));
  });

  // ---- documents
  app.post("/api/requests/:id/documents", async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    return c.json(view(await flow.generateDocuments(request.id)));
  });

  const kindOf = (value: string): DocumentKind => {
    const kind = DOCUMENT_KINDS.find((k) => k === value);
    if (kind === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    return kind;
  };

  app.get("/api/requests/:id/documents/:kind", (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const kind = kindOf(c.req.param("kind"));
    const bytes = documents.bytes(request.id, kind);
    if (bytes === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${documentFilename(kind, request.id)}"`,
      "x-content-type-options": "nosniff",
    });
  });

  app.put(
    "/api/requests/:id/documents/:kind/signed",
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES,
      onError: () => {
        throw new CnsBridgeError("ROUTE_UPLOAD_TOO_LARGE", { limit: MAX_UPLOAD_BYTES / (1024 * 1024) });
      },
    }),
    async (c) => {
      const holder = c.get("holder");
      const request = ownRequest(holder, c.req.param("id"));
      const kind = kindOf(c.req.param("kind"));
      const expected = flow.expectedDocument(request, kind);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const accepted = await verifyUpload({
        bytes,
        contentType: c.req.header("content-type"),
        expected,
        holderCodiceFiscale: holder.codiceFiscale,
        trustList,
        now: clock(),
      });
      return c.json(view(flow.acceptSignedDocument(request.id, kind, accepted.format, bytes)));
    },
  );

  /**
   * Everything the holder must check before paying (inconsistent data cancels the request and
   * the payment would have to be made again): the request form's lines, price, receipt holder.
   */
  app.get("/api/requests/:id/summary", (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const chamber = chamberOf(request.data);
    const price = priceOf(request);
    if (chamber === undefined || price === null) {
      throw new CnsBridgeError("ROUTE_INPUT_INVALID", {
        field: "richiesta",
        detail: `mancano ancora: ${missingData(request.data).join(", ")}`,
      });
    }
    const holder = request.data.receiptHolder;
    return c.json({
      lines: requestLines(request, chamber, price),
      amountCents: price.amountCents,
      receiptHolder:
        holder.kind === "titolare"
          ? [holderName(request), `(${request.codiceFiscale})`].filter((part) => part !== null).join(" ")
          : `${holder.name} (${holder.fiscalCode})`,
      receiptHolderLocked: payments.forRequest(request.id) !== undefined,
    });
  });

  // ---- payment
  app.post("/api/requests/:id/payment", async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    return c.json(view(await flow.startPayment(request.id)));
  });

  /** The payment notice (avviso di pagamento, with NAV and QR) to pay elsewhere: bank, post office, tobacconist. */
  app.get("/api/requests/:id/avviso", async (c) => {
    const request = ownRequest(c.get("holder"), c.req.param("id"));
    const payment = payments.forRequest(request.id);
    if (payment === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    return c.body(new Uint8Array(await renderNoticePdf(payment.notice)), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="avviso-${payment.noticeNumber}.pdf"`,
    });
  });

  /** pagoPA's paSendRT: trusted only with a valid HMAC; the request becomes paid once. */
  app.post("/pagopa/receipts", bodyLimit({ maxSize: 256 * 1024 }), async (c) => {
    const rawBody = await c.req.text();
    let receipt;
    try {
      receipt = (
        await verifyReceiptCallback({
          rawBody,
          signatureHeader: c.req.header(RECEIPT_SIGNATURE_HEADER),
          secret: options.pagopa.callbackSecret,
          now: clock(),
        })
      ).receipt;
    } catch {
      return c.json({ outcome: "KO", fault: { faultCode: "PAA_RECEIPT_NOT_AUTHENTIC" } }, 401);
    }
    try {
      flow.recordReceipt(receipt);
    } catch (error) {
      const code = error instanceof CnsBridgeError ? error.code : "INTERNAL";
      return c.json({ outcome: "KO", fault: { faultCode: "PAA_SEMANTICA", description: code } }, 422);
    }
    return c.json({ outcome: "OK" });
  });

  // ---- the Chamber's back office (sandbox): moves a paid request on
  const operatorKey = options.operatorKey;
  if (operatorKey !== undefined) {
    app.post("/operatore/richieste/:id/stato", bodyLimit({ maxSize: 1024 }), async (c) => {
      const given = Buffer.from(c.req.header("x-operator-key") ?? "");
      const expected = Buffer.from(operatorKey);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return c.json({ error: new CnsBridgeError("ROUTE_SESSION_REQUIRED").serialize("it") }, 401);
      }
      const { to } = await readBody(c, backOfficeBodySchema);
      if (requests.get(c.req.param("id")) === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
      return c.json(view(advanceByChamber(requests, c.req.param("id"), to)));
    });
  }

  // ---- pages
  app.get("/", (c) => c.html(landingPage()));
  app.get("/richiesta/:id/pagamento", (c) => c.html(statusPage(c.req.param("id"))));
  app.get("/stato", (c) => c.html(statusPage(null)));
  if (options.assets !== undefined) serveAssets(app, options.assets);
  app.get("/health", (c) => c.json({ status: "ok" }));

  return {
    app,
    db,
    close(): void {
      db.close();
    },
  };
}
