import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatEuroCents } from "./amount.js";
import { formatItalianDate } from "./iso-date.js";
import { formatNoticeNumber } from "./notice-number.js";
import { paymentQrPayload } from "./payment-qr.js";
import { parsePaymentNotice, type PaymentNotice } from "./payment-notice.js";
import { drawableText, wrapText } from "./pdf-text.js";
import { qrMatrix } from "./qr-matrix.js";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const INK = rgb(0.1, 0.12, 0.16);
const PAGOPA_BLUE = rgb(0, 0.4, 0.8);
const GREY = rgb(0.45, 0.47, 0.5);

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

export interface NoticePdfOptions {
  /** Written as the PDF's creation date; fixed in tests so the output is reproducible. */
  readonly producedAt?: Date;
}

/**
 * The avviso di pagamento with the essentials of the pagoPA notice layout: who asks, who pays,
 * how much and by when, where to pay, and the payment part with the QR code, the Numero Avviso
 * and the Codice Fiscale Ente Creditore. The notice is validated again: a PDF is a boundary too.
 */
export async function renderNoticePdf(
  notice: PaymentNotice,
  options: NoticePdfOptions = {},
): Promise<Uint8Array> {
  const checked = parsePaymentNotice(notice);
  const pdf = await PDFDocument.create();
  const producedAt = options.producedAt ?? new Date();
  pdf.setTitle(`Avviso di pagamento ${checked.noticeNumber}`);
  pdf.setSubject(checked.description);
  pdf.setAuthor(checked.creditor.name);
  pdf.setLanguage("it-IT");
  pdf.setProducer("cns-bridge");
  pdf.setCreator("cns-bridge");
  pdf.setCreationDate(producedAt);
  pdf.setModificationDate(producedAt);
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const page = pdf.addPage(A4);
  drawHeader(page, fonts, checked);
  drawParties(page, fonts, checked);
  drawAmountAndDueDate(page, fonts, checked);
  drawWhereToPay(page, fonts);
  drawPaymentPart(page, fonts, checked);
  return pdf.save();
}

function text(page: PDFPage, value: string, x: number, y: number, font: PDFFont, size: number, color = INK) {
  page.drawText(drawableText(value, font), { x, y, font, size, color });
}

function paragraph(
  page: PDFPage,
  value: string,
  x: number,
  y: number,
  width: number,
  font: PDFFont,
  size: number,
) {
  let lineY = y;
  for (const line of wrapText(drawableText(value, font), font, size, width)) {
    page.drawText(line, { x, y: lineY, font, size, color: INK });
    lineY -= size * 1.3;
  }
  return lineY;
}

function drawHeader(page: PDFPage, fonts: Fonts, notice: PaymentNotice) {
  const top = A4[1] - MARGIN;
  text(page, "AVVISO DI PAGAMENTO", MARGIN, top - 20, fonts.bold, 20);
  text(page, "pagoPA", A4[0] - MARGIN - 70, top - 20, fonts.bold, 18, PAGOPA_BLUE);
  paragraph(page, notice.description, MARGIN, top - 44, A4[0] - 2 * MARGIN, fonts.regular, 12);
}

function drawParties(page: PDFPage, fonts: Fonts, notice: PaymentNotice) {
  const y = A4[1] - 150;
  const column = (A4[0] - 2 * MARGIN) / 2;
  text(page, "ENTE CREDITORE", MARGIN, y, fonts.bold, 10, GREY);
  paragraph(page, notice.creditor.name, MARGIN, y - 16, column - 10, fonts.bold, 12);
  if (notice.creditor.officeName !== undefined) {
    paragraph(page, notice.creditor.officeName, MARGIN, y - 46, column - 10, fonts.regular, 10);
  }
  text(page, `Codice Fiscale ${notice.creditor.fiscalCode}`, MARGIN, y - 64, fonts.regular, 10);
  const right = MARGIN + column;
  text(page, "DESTINATARIO AVVISO", right, y, fonts.bold, 10, GREY);
  paragraph(page, notice.debtor.fullName, right, y - 16, column - 10, fonts.bold, 12);
  text(page, `Codice Fiscale ${notice.debtor.fiscalCode}`, right, y - 64, fonts.regular, 10);
}

function drawAmountAndDueDate(page: PDFPage, fonts: Fonts, notice: PaymentNotice) {
  const y = A4[1] - 260;
  page.drawRectangle({
    x: MARGIN,
    y: y - 50,
    width: A4[0] - 2 * MARGIN,
    height: 70,
    color: rgb(0.93, 0.96, 1),
  });
  text(page, "QUANTO E QUANDO PAGARE?", MARGIN + 10, y, fonts.bold, 10, GREY);
  text(
    page,
    `${formatEuroCents(notice.amountCents)} Euro entro il ${formatItalianDate(notice.dueDate)}`,
    MARGIN + 10,
    y - 24,
    fonts.bold,
    16,
  );
  text(
    page,
    "L'importo è aggiornato automaticamente dal sistema al momento del pagamento.",
    MARGIN + 10,
    y - 42,
    fonts.regular,
    9,
  );
}

function drawWhereToPay(page: PDFPage, fonts: Fonts) {
  const y = A4[1] - 350;
  const width = A4[0] - 2 * MARGIN;
  text(page, "DOVE PAGARE?", MARGIN, y, fonts.bold, 10, GREY);
  let next = paragraph(
    page,
    "PAGA SUL SITO O CON LE APP dell'Ente Creditore, della tua Banca o degli altri canali di pagamento: potrai pagare con carte, conto corrente, CBILL.",
    MARGIN,
    y - 18,
    width,
    fonts.regular,
    10,
  );
  next = paragraph(
    page,
    "PAGA SUL TERRITORIO in Banca, negli Uffici Postali, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato. Potrai pagare in contanti, con carte o conto corrente.",
    MARGIN,
    next - 4,
    width,
    fonts.regular,
    10,
  );
  paragraph(
    page,
    "Il pagamento è valido solo con la ricevuta pagoPA, che attesta il pagamento all'Ente Creditore. Lista dei canali di pagamento su www.pagopa.gov.it",
    MARGIN,
    next - 4,
    width,
    fonts.regular,
    9,
  );
}

function drawPaymentPart(page: PDFPage, fonts: Fonts, notice: PaymentNotice) {
  const top = 330;
  const width = A4[0] - 2 * MARGIN;
  page.drawLine({
    start: { x: MARGIN, y: top + 20 },
    end: { x: MARGIN + width, y: top + 20 },
    thickness: 1,
    color: GREY,
    dashArray: [4, 3],
  });
  text(page, "BANCHE E ALTRI CANALI", MARGIN, top, fonts.bold, 12, PAGOPA_BLUE);
  text(page, "RATA UNICA", MARGIN + width - 90, top, fonts.bold, 10, GREY);
  const qrSide = 150;
  drawQr(
    page,
    paymentQrPayload({
      noticeNumber: notice.noticeNumber,
      creditorFiscalCode: notice.creditor.fiscalCode,
      amountCents: notice.amountCents,
    }),
    MARGIN,
    top - 20 - qrSide,
    qrSide,
  );
  const x = MARGIN + qrSide + 20;
  const fieldWidth = width - qrSide - 20;
  const fields: [string, string][] = [
    ["Destinatario", notice.debtor.fullName],
    ["Ente Creditore", notice.creditor.name],
    ["Oggetto del pagamento", notice.description],
    ["Numero Avviso", formatNoticeNumber(notice.noticeNumber)],
    ["Codice Fiscale Ente Creditore", notice.creditor.fiscalCode],
    ["Importo", `Euro ${formatEuroCents(notice.amountCents)}`],
    ["Entro il", formatItalianDate(notice.dueDate)],
  ];
  let y = top - 28;
  for (const [label, value] of fields) {
    text(page, label, x, y, fonts.regular, 8, GREY);
    y = paragraph(page, value, x, y - 12, fieldWidth, fonts.bold, 11) - 4;
  }
  paragraph(
    page,
    "Inquadra il codice QR con l'app della tua banca o di un altro canale pagoPA, oppure inserisci il Numero Avviso e il Codice Fiscale Ente Creditore.",
    MARGIN,
    top - 200,
    qrSide + 10,
    fonts.regular,
    7,
  );
}

function drawQr(page: PDFPage, payload: string, x: number, y: number, side: number) {
  const modules = qrMatrix(payload);
  const quietZone = 4;
  const cell = side / (modules.length + 2 * quietZone);
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
  modules.forEach((row, rowIndex) => {
    row.forEach((dark, columnIndex) => {
      if (dark) {
        page.drawRectangle({
          x: x + (quietZone + columnIndex) * cell,
          y: y + side - (quietZone + rowIndex + 1) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
      }
    });
  });
}
