import {
  requestViewSchema,
  type ContactsBody,
  type DeliveryBody,
  type DeviceBody,
  type ReceiptHolderBody,
  type RequestView,
  type RequesterBody,
} from "@cns-bridge/shared";
import { z } from "@cns-bridge/shared/zod-mini";

/** Codes the client adds to the portal's own (`ROUTE_*`, `AUTH_TOKEN_*`, `PAGOPA_*`). */
export type PortalClientCode = "PORTAL_UNREACHABLE" | "PORTAL_REPLY_INVALID";

/** A failure of a portal call: the portal's code and Italian message, or one of the client's. */
export class PortalError extends Error {
  override readonly name = "PortalError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const errorReplySchema = z.object({
  error: z.object({
    code: z.string().check(z.maxLength(80)),
    message: z.string().check(z.maxLength(2000)),
    params: z.optional(z.record(z.string(), z.unknown())),
  }),
});

const holderSchema = z.object({ codiceFiscale: z.string(), givenName: z.string(), surname: z.string() });
export type PortalHolder = z.infer<typeof holderSchema>;

export const challengeSchema = z.object({
  challengeId: z.string().check(z.maxLength(64)),
  nonce: z.string().check(z.minLength(1), z.maxLength(512)),
  issuedAt: z.unknown(),
});
export type PortalChallenge = z.infer<typeof challengeSchema>;

const sessionSchema = z.object({ holder: holderSchema });

export const summarySchema = z.object({
  lines: z.array(z.unknown()),
  amountCents: z.int(),
  receiptHolder: z.unknown(),
  receiptHolderLocked: z.boolean(),
});
export type PortalSummary = z.infer<typeof summarySchema>;

export type DocumentKind = RequestView["documents"][number]["kind"];

const UNREACHABLE =
  "Il portale della Camera di Commercio non risponde. Controlla la connessione a Internet e riprova tra qualche minuto.";
const INVALID =
  "Il portale ha dato una risposta che l'estensione non riconosce. Riprova; se succede ancora, aggiorna l'estensione.";

/** A client of the request portal's JSON API (tests/sandbox/portal/API.md); every reply validated. */
export function createPortalClient(origin: string, fetchImpl: typeof fetch) {
  const base = new URL(origin).origin;

  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodMiniType<T> | null,
    body?: BodyInit,
    contentType?: string,
  ): Promise<T> {
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (contentType) headers["content-type"] = contentType;
      response = await fetchImpl(`${base}${path}`, { method, headers, body, credentials: "include" });
    } catch {
      throw new PortalError("PORTAL_UNREACHABLE", UNREACHABLE, 0);
    }
    let raw: unknown = null;
    if (response.status !== 204) {
      try {
        raw = await response.json();
      } catch {
        throw new PortalError("PORTAL_REPLY_INVALID", INVALID, response.status);
      }
    }
    if (!response.ok) {
      const parsed = errorReplySchema.safeParse(raw);
      if (!parsed.success) throw new PortalError("PORTAL_REPLY_INVALID", INVALID, response.status);
      const { code, message, params } = parsed.data.error;
      throw new PortalError(code, message, response.status, params ?? {});
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new PortalError("PORTAL_REPLY_INVALID", INVALID, response.status);
    return parsed.data;
  }

  async function binary(path: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { credentials: "include" });
    } catch {
      throw new PortalError("PORTAL_UNREACHABLE", UNREACHABLE, 0);
    }
    if (!response.ok) {
      const parsed = errorReplySchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new PortalError("PORTAL_REPLY_INVALID", INVALID, response.status);
      const { code, message, params } = parsed.data.error;
      throw new PortalError(code, message, response.status, params ?? {});
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  const json = (value: unknown) => JSON.stringify(value);
  const req = (id: string) => `/api/requests/${encodeURIComponent(id)}`;
  const put = (id: string, step: string, body: unknown) =>
    call("PUT", `${req(id)}/${step}`, requestViewSchema, json(body), "application/json");

  return {
    origin: base,
    challenge: () => call("GET", "/api/challenge", challengeSchema),
    login: async (token: unknown, challengeId: string) =>
      (await call("POST", "/api/session", sessionSchema, json({ token, challengeId }), "application/json"))
        .holder,
    me: async () => (await call("GET", "/api/session/me", sessionSchema)).holder,
    logout: () => call("DELETE", "/api/session", null),
    openRequest: () => call("POST", "/api/requests", requestViewSchema),
    current: () => call("GET", "/api/requests/current", requestViewSchema),
    get: (id: string) => call("GET", req(id), requestViewSchema),
    setRequester: (id: string, body: RequesterBody) => put(id, "requester", body),
    setContacts: (id: string, body: ContactsBody) => put(id, "contacts", body),
    setPassphrase: (id: string, passphrase: string) => put(id, "passphrase", { passphrase }),
    setDelivery: (id: string, body: DeliveryBody) => put(id, "delivery", body),
    setDevice: (id: string, body: DeviceBody) => put(id, "device", body),
    setReceiptHolder: (id: string, body: ReceiptHolderBody) => put(id, "receipt-holder", body),
    cancel: (id: string) => call("POST", `${req(id)}/cancel`, requestViewSchema),
    generateDocuments: (id: string) => call("POST", `${req(id)}/documents`, requestViewSchema),
    downloadDocument: (id: string, kind: DocumentKind) => binary(`${req(id)}/documents/${kind}`),
    /** The avviso di pagamento (PDF with NAV and QR) once the payment started. */
    downloadNotice: (id: string) => binary(`${req(id)}/avviso`),
    uploadSigned: (id: string, kind: DocumentKind, p7m: Uint8Array) =>
      call(
        "PUT",
        `${req(id)}/documents/${kind}/signed`,
        requestViewSchema,
        p7m as BodyInit,
        "application/pkcs7-mime",
      ),
    summary: (id: string) => call("GET", `${req(id)}/summary`, summarySchema),
    startPayment: (id: string) => call("POST", `${req(id)}/payment`, requestViewSchema),
  };
}
export type PortalClient = ReturnType<typeof createPortalClient>;
