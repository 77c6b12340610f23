import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { formatEuroCents } from "./amount.js";
import { formatNoticeNumber } from "./notice-number.js";
import { drawableText, wrapText } from "./pdf-text.js";
import { type PagopaReceipt, pagopaReceiptSchema } from "./receipt.js";

/** A one-page "Ricevuta di pagamento" with what the payer needs to prove the payment. */
export async function renderReceiptPdf(receipt: PagopaReceipt): Promise<Uint8Array> {
  const checked = pagopaReceiptSchema.parse(receipt);
  const pdf = await PDFDocument.create();
  const paidAt = new Date(checked.paymentDateTime);
  pdf.setTitle(`Ricevuta di pagamento ${checked.receiptId}`);
  pdf.setLanguage("it-IT");
  pdf.setProducer("cns-bridge");
  pdf.setCreationDate(paidAt);
  pdf.setModificationDate(paidAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText("RICEVUTA DI PAGAMENTO pagoPA", {
    x: 40,
    y: 780,
    font: bold,
    size: 18,
    color: rgb(0, 0.4, 0.8),
  });
  const rows: [string, string][] = [
    ["Esito", "Pagamento eseguito"],
    ["Identificativo ricevuta", checked.receiptId],
    ["Data e ora del pagamento", paidAt.toISOString().replace("T", " ").slice(0, 19) + " UTC"],
    ["Importo pagato", `${formatEuroCents(checked.paymentAmountCents)} Euro`],
    ...(checked.feeCents === undefined || checked.feeCents === 0
      ? []
      : ([["Commissione", `${(checked.feeCents / 100).toFixed(2).replace(".", ",")} Euro`]] as [
          string,
          string,
        ][])),
    ["Ente Creditore", checked.companyName],
    ["Codice Fiscale Ente Creditore", checked.fiscalCode],
    ["Numero Avviso", formatNoticeNumber(checked.noticeNumber)],
    ["Codice IUV", checked.creditorReferenceId],
    ["Oggetto del pagamento", checked.description],
    ["Intestatario della ricevuta", `${checked.debtor.fullName} (${checked.debtor.fiscalCode})`],
    ["Prestatore del servizio (PSP)", checked.pspCompanyName],
    ["Metodo di pagamento", checked.paymentMethod],
  ];
  let y = 740;
  for (const [label, value] of rows) {
    page.drawText(label, { x: 40, y, font: regular, size: 9, color: rgb(0.45, 0.47, 0.5) });
    for (const line of wrapText(drawableText(value, bold), bold, 12, 515)) {
      y -= 15;
      page.drawText(line, { x: 40, y, font: bold, size: 12 });
    }
    y -= 20;
  }
  page.drawText(
    drawableText("La ricevuta pagoPA è l'unica quietanza del pagamento: non è una fattura.", regular),
    {
      x: 40,
      y: y - 10,
      font: regular,
      size: 9,
    },
  );
  return pdf.save();
}
