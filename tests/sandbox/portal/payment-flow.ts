import {
  addCalendarDays,
  checkReceiptForNotice,
  CnsBridgeError,
  isValidCodiceFiscale,
  isValidPartitaIva,
  type PagopaReceipt,
  type ReceiptHolderBody,
  STATE_LABELS,
} from "@cns-bridge/shared";
import type { DocumentStore } from "./document-store.js";
import {
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  type DocumentKind,
  renderDocument,
  sha256Hex,
} from "./documents.js";
import {
  noticeFor,
  openCart,
  type PagopaConfig,
  type PaymentStore,
  registerDebtPosition,
} from "./payment.js";
import type { RequestStore, StoredRequest } from "./request-store.js";
import { priceOf } from "./request-view.js";
import { assertEditable, chamberOf } from "./steps.js";

/** Days the notice stays payable; after that the debt position expires on pagoPA. */
const NOTICE_VALID_DAYS = 30;

export class PaymentFlow {
  constructor(
    private readonly deps: {
      requests: RequestStore;
      payments: PaymentStore;
      documents: DocumentStore;
      config: PagopaConfig;
      publicOrigin: string;
      clock: () => Date;
    },
  ) {}

  private refuse(request: StoredRequest, to: StoredRequest["state"], hint: string): CnsBridgeError {
    return new CnsBridgeError("ROUTE_TRANSITION_REFUSED", {
      from: STATE_LABELS[request.state],
      to: STATE_LABELS[to],
      hint,
    });
  }

  setReceiptHolder(id: string, body: ReceiptHolderBody): StoredRequest {
    if (body.kind === "altro-soggetto") {
      const code = body.fiscalCode.trim().toUpperCase();
      if (!isValidPartitaIva(code) && !isValidCodiceFiscale(code)) {
        throw new CnsBridgeError("ROUTE_INPUT_INVALID", {
          field: "fiscalCode",
          detail: "serve la partita IVA (11 cifre) o il codice fiscale (16 caratteri) dell'intestatario",
        });
      }
      if (body.name.trim().length === 0) {
        throw new CnsBridgeError("ROUTE_INPUT_INVALID", {
          field: "name",
          detail: "indica la denominazione dell'intestatario",
        });
      }
    }
    return this.deps.requests.update(id, (current) => {
      if (this.deps.payments.forRequest(id) !== undefined)
        throw new CnsBridgeError("PAGOPA_RECEIPT_HOLDER_CHANGED");
      assertEditable(current.state);
      return { data: { ...current.data, receiptHolder: body } };
    });
  }

  async generateDocuments(id: string): Promise<StoredRequest> {
    const request = this.deps.requests.get(id);
    if (request === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    if (request.state === "documenti-generati") return request;
    const chamber = chamberOf(request.data);
    const price = priceOf(request);
    if (request.state !== "dati-completi" || chamber === undefined || price === null) {
      throw this.refuse(request, "documenti-generati", "completa prima tutti i dati della richiesta.");
    }
    const rendered = await Promise.all(
      DOCUMENT_KINDS.map(async (kind) => ({
        kind,
        bytes: await renderDocument(kind, request, chamber, price),
      })),
    );
    return this.deps.requests.update(id, (current) => {
      if (current.state !== "dati-completi")
        throw this.refuse(current, "documenti-generati", "i dati sono cambiati: riprova.");
      for (const { kind, bytes } of rendered) this.deps.documents.put(id, kind, sha256Hex(bytes), bytes);
      return { state: "documenti-generati" };
    });
  }

  expectedDocument(request: StoredRequest, kind: DocumentKind): { bytes: Uint8Array; title: string } {
    const bytes = this.deps.documents.bytes(request.id, kind);
    if (bytes === undefined || request.state !== "documenti-generati") {
      throw this.refuse(request, "documenti-caricati", "genera e firma prima i documenti, poi caricali.");
    }
    return { bytes, title: DOCUMENT_TITLES[kind] };
  }

  /** Stores a verified signed document; when every one is in, the request is verified. */
  acceptSignedDocument(id: string, kind: DocumentKind, format: string, signed: Uint8Array): StoredRequest {
    const { requests, documents } = this.deps;
    const after = requests.update(id, (current) => {
      if (current.state !== "documenti-generati") {
        throw this.refuse(
          current,
          "documenti-caricati",
          "i documenti sono già stati caricati o i dati sono cambiati.",
        );
      }
      documents.markSigned(id, kind, format, signed, this.deps.clock().toISOString());
      const complete = documents.list(id).filter((d) => d.signed).length === DOCUMENT_KINDS.length;
      return complete ? { state: "documenti-caricati" } : {};
    });
    return after.state === "documenti-caricati"
      ? requests.update(id, () => ({ state: "verificata" }))
      : after;
  }

  /**
   * Starts (or resumes) the payment. One notice per request, created once and reused by every
   * new cart, so a refused or abandoned payment is retried without ever paying twice.
   */
  async startPayment(id: string): Promise<StoredRequest> {
    const { requests, payments, config, clock } = this.deps;
    const request = requests.get(id);
    if (request === undefined) throw new CnsBridgeError("ROUTE_REQUEST_NOT_FOUND");
    const existing = payments.forRequest(id);
    if (existing?.receipt !== undefined && existing.receipt !== null) return request;
    if (request.state !== "verificata" && request.state !== "pagamento-in-corso") {
      throw this.refuse(request, "pagamento-in-corso", "carica prima i documenti firmati e verificati.");
    }
    const price = priceOf(request);
    if (price === null)
      throw this.refuse(request, "pagamento-in-corso", "completa prima i dati della richiesta.");
    if (price.amountCents === 0) {
      requests.update(id, () => ({ state: "pagamento-in-corso" }));
      return requests.update(id, () => ({ state: "pagata" }));
    }
    let notice = existing?.notice;
    if (notice === undefined) {
      const today = clock().toISOString().slice(0, 10);
      const created = noticeFor(
        request,
        price.amountCents,
        `Diritti di segreteria: ${price.label}`,
        config,
        addCalendarDays(today, NOTICE_VALID_DAYS),
      );
      requests.update(id, (current) => {
        if (current.state !== "verificata")
          throw this.refuse(current, "pagamento-in-corso", "il pagamento è già stato avviato.");
        payments.insert(id, created, clock());
        return { state: "pagamento-in-corso" };
      });
      notice = created;
    }
    await registerDebtPosition(notice, config);
    const url = await openCart(notice, this.deps.publicOrigin, id, config);
    payments.setCheckoutUrl(id, url);
    const after = requests.get(id);
    if (after === undefined) throw new CnsBridgeError("INTERNAL");
    return after;
  }

  /** The receipt, not the browser's return, makes the request paid; a redelivery changes nothing. */
  recordReceipt(receipt: PagopaReceipt): void {
    const { requests, payments } = this.deps;
    const payment = payments.forNotice(receipt.noticeNumber);
    if (payment === undefined) throw new CnsBridgeError("PAGOPA_RECEIPT_MISMATCH", { field: "noticeNumber" });
    checkReceiptForNotice(receipt, payment.notice);
    requests.update(payment.requestId, (current) => {
      const { recorded } = payments.recordReceipt(receipt);
      if (!recorded) return {};
      return current.state === "pagamento-in-corso" ? { state: "pagata" } : {};
    });
  }
}
