import {
  earliestPickupDate,
  formatEuro,
  formatHumanDate,
  type PriceQuote,
  quotePrice,
  type RequestView,
  STATE_LABELS,
} from "@cns-bridge/shared";
import { DOCUMENT_KINDS, DOCUMENT_TITLES, documentFilename, type DocumentKind } from "./documents.js";
import type { PaymentRow } from "./payment.js";
import type { StoredRequest } from "./request-store.js";
import { chamberOf, missingData } from "./steps.js";

export interface DocumentRow {
  readonly kind: DocumentKind;
  readonly sha256: string;
  readonly signed: boolean;
}

export function priceOf(request: StoredRequest): PriceQuote | null {
  const chamber = chamberOf(request.data);
  const { device, requester } = request.data;
  if (chamber === undefined || device === undefined || requester === undefined) return null;
  return quotePrice(chamber, device, {
    type: requester.type,
    firstForCompany: requester.type === "legale-rappresentante" && requester.firstForCompany,
  });
}

function nextSteps(request: StoredRequest, today: string): string[] {
  const chamber = chamberOf(request.data);
  switch (request.state) {
    case "bozza":
      return [`Completa: ${missingData(request.data).join(", ")}.`];
    case "dati-completi":
      return ["Genera e scarica i documenti da firmare."];
    case "documenti-generati":
      return ["Firma i documenti con la CNS e caricali."];
    case "documenti-caricati":
    case "verificata":
      return ["Controlla il riepilogo, scegli l'intestatario della ricevuta e paga con pagoPA."];
    case "pagamento-in-corso":
      return ["Completa il pagamento su pagoPA: lo stato si aggiorna quando arriva la ricevuta."];
    case "pagata":
    case "in-lavorazione": {
      if (chamber === undefined) return [];
      if (request.data.delivery?.method === "spedizione") {
        return [
          `Il dispositivo sarà spedito con raccomandata A/R in circa ${chamber.shipping.workingDays} giorni lavorativi: serve qualcuno che firmi la ricevuta.`,
        ];
      }
      return [
        `Potrai ritirare il dispositivo di persona, con un documento d'identità, presso ${chamber.pickup.address} dal ${formatHumanDate(earliestPickupDate(today, chamber), "it")}.`,
      ];
    }
    default:
      return [];
  }
}

export function buildRequestView(
  request: StoredRequest,
  documents: readonly DocumentRow[],
  payment: PaymentRow | undefined,
  today: string,
): RequestView {
  const price = priceOf(request);
  return {
    id: request.id,
    state: request.state,
    stateLabel: STATE_LABELS[request.state],
    holder: { codiceFiscale: request.codiceFiscale, givenName: request.givenName, surname: request.surname },
    data: request.data,
    missing: missingData(request.data),
    documents: DOCUMENT_KINDS.flatMap((kind) => {
      const row = documents.find((d) => d.kind === kind);
      return row === undefined
        ? []
        : [
            {
              kind,
              title: DOCUMENT_TITLES[kind],
              filename: documentFilename(kind, request.id),
              sha256: row.sha256,
              signed: row.signed,
            },
          ];
    }),
    price:
      price === null
        ? null
        : {
            amountCents: price.amountCents,
            label: price.label,
            includes: [...price.includes],
            formatted: formatEuro(price.amountCents),
          },
    payment:
      payment === undefined
        ? null
        : {
            noticeNumber: payment.noticeNumber,
            checkoutUrl: payment.checkoutUrl,
            paid: payment.receipt !== null,
            receiptHolderLocked: true,
          },
    nextSteps: nextSteps(request, today),
  };
}
