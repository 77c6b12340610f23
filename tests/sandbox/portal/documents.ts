import { createHash } from "node:crypto";
import {
  type Chamber,
  DEVICE_LABELS,
  type DocumentView,
  formatEuro,
  type PriceQuote,
  type RequestData,
} from "@cns-bridge/shared";
import { PDFDocument, type PDFFont, StandardFonts } from "pdf-lib";
import { holderName, NAMES_NOT_IN_CERTIFICATE } from "./holder-name.js";
import type { StoredRequest } from "./request-store.js";

export type DocumentKind = DocumentView["kind"];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ["modulo-richiesta", "condizioni"];

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  "modulo-richiesta": "Modulo di richiesta del dispositivo CNS",
  condizioni: "Condizioni generali del servizio di certificazione",
};

export function documentFilename(kind: DocumentKind, requestId: string): string {
  return `${kind}-${requestId.slice(0, 8)}.pdf`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** WinAnsi (the standard fonts' encoding) cannot draw every character: keep what it can. */
function drawable(font: PDFFont, text: string): string {
  return [...text]
    .map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return "?";
      }
    })
    .join("");
}

/** The request's data as Italian lines: the request form's body and the summary shown before paying. */
export function requestLines(request: StoredRequest, chamber: Chamber, price: PriceQuote): string[] {
  const data: RequestData = request.data;
  const requester = data.requester;
  const lines = [
    `Camera di Commercio competente: ${chamber.name}`,
    "",
    "Dati del titolare (persona fisica, dal certificato CNS):",
    `  Cognome e nome: ${holderName(request) ?? NAMES_NOT_IN_CERTIFICATE}`,
    `  Codice fiscale: ${request.codiceFiscale}`,
    `  Email personale: ${data.contacts?.email ?? ""}`,
    `  Cellulare: ${data.contacts?.mobile ?? ""}`,
    "",
  ];
  if (requester?.type === "legale-rappresentante") {
    lines.push(
      "Richiedente: legale rappresentante d'impresa",
      `  Partita IVA dell'impresa: ${requester.partitaIva}`,
      `  Numero REA: ${requester.rea}`,
      `  Provincia della sede legale: ${requester.registeredOfficeProvince}`,
    );
  } else if (requester !== undefined) {
    lines.push("Richiedente: privato cittadino", `  Provincia di residenza: ${requester.residenceProvince}`);
  }
  lines.push("", `Dispositivo richiesto: ${data.device === undefined ? "" : DEVICE_LABELS[data.device]}`);
  if (data.delivery?.method === "spedizione") {
    const a = data.delivery.address;
    lines.push(
      "Consegna: spedizione con raccomandata assicurata A/R (solo in Italia)",
      `  Presso: ${a.recipient}`,
      `  Indirizzo: ${a.street}, ${a.cap} ${a.comune} (${a.provincia})`,
    );
  } else {
    lines.push(
      "Consegna: ritiro di persona presso la Camera di Commercio",
      `  Sede: ${chamber.pickup.address}`,
    );
  }
  lines.push(
    "",
    `Diritti di segreteria: ${formatEuro(price.amountCents)} (${price.label})`,
    ...price.includes.map((item) => `  comprende: ${item}`),
    "",
    "Il titolare dichiara che i dati sono corretti: dati incoerenti rilevati dopo la firma",
    "annullano la richiesta e il pagamento dovrà essere ripetuto.",
    "La passphrase scelta protegge la busta con PIN, PUK e codice di emergenza.",
    "",
    `Richiesta n. ${request.id}`,
  );
  return lines;
}

const CONDITIONS = [
  "1. Il dispositivo CNS è rilasciato alla persona fisica titolare; la richiesta è personale",
  "   e non è ammessa la delega.",
  "2. Il certificato di autenticazione e il certificato di firma qualificata durano tre anni e",
  "   si possono rinnovare online una sola volta.",
  "3. Il PUK digitato in modo errato per tre volte blocca il dispositivo in modo definitivo.",
  "4. Il pagamento dei diritti avviene solo tramite pagoPA; la ricevuta pagoPA è l'unica",
  "   ricevuta e il suo intestatario non può essere cambiato dopo il pagamento.",
  "5. La spedizione avviene per raccomandata assicurata con avviso di ricevimento, solo in",
  "   Italia; il ritiro allo sportello è possibile di persona dal terzo giorno lavorativo.",
];

/** The PDF of one document: Italian, the holder's data, no clock inside, so its hash is stable. */
export async function renderDocument(
  kind: DocumentKind,
  request: StoredRequest,
  chamber: Chamber,
  price: PriceQuote,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fixed = new Date(request.createdAt);
  pdf.setTitle(DOCUMENT_TITLES[kind]);
  pdf.setAuthor(chamber.name);
  pdf.setProducer("cns-bridge sandbox portal");
  pdf.setCreator("cns-bridge sandbox portal");
  pdf.setCreationDate(fixed);
  pdf.setModificationDate(fixed);
  pdf.setLanguage("it-IT");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText(drawable(bold, DOCUMENT_TITLES[kind]), { x: 50, y: 790, size: 15, font: bold });
  const body =
    kind === "modulo-richiesta"
      ? requestLines(request, chamber, price)
      : [
          `Titolare: ${[holderName(request), `codice fiscale ${request.codiceFiscale}`].filter((part) => part !== null).join(", ")}`,
          "",
          ...CONDITIONS,
          "",
          `Richiesta n. ${request.id}`,
        ];
  body.forEach((line, index) => {
    page.drawText(drawable(font, line), { x: 50, y: 760 - index * 15, size: 10, font });
  });
  return pdf.save({ useObjectStreams: false });
}
