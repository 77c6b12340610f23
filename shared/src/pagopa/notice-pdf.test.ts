import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderNoticePdf } from "./notice-pdf.js";
import { parsePaymentNotice } from "./payment-notice.js";
import { parseSendReceiptRequest } from "./receipt.js";
import { renderReceiptPdf } from "./receipt-pdf.js";
import sampleNotice from "./test-vectors/sample-notice.json" with { type: "json" };
import sampleReceipt from "./test-vectors/sample-receipt.json" with { type: "json" };

const notice = parsePaymentNotice(sampleNotice.notice);
const producedAt = new Date("2026-11-23T09:00:00Z");

describe("avviso di pagamento PDF", () => {
  it("is one A4 page in Italian with the notice in its title", async () => {
    const bytes = await renderNoticePdf(notice, { producedAt });
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    const [width, height] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()];
    expect(Math.round(width)).toBe(595);
    expect(Math.round(height)).toBe(842);
    expect(pdf.getTitle()).toBe("Avviso di pagamento 322201151398574181");
  });

  it("is reproducible for a given production time", async () => {
    const first = await renderNoticePdf(notice, { producedAt });
    const second = await renderNoticePdf(notice, { producedAt });
    expect(first).toEqual(second);
  });

  it("draws names the standard fonts cannot encode instead of throwing", async () => {
    const foreign = {
      ...notice,
      debtor: { ...notice.debtor, fullName: "Łukasz 王 Müller \u{1F600}" },
      description: "Causale con àèéìòù e € ma anche ƒ and 한국어",
    };
    const bytes = await renderNoticePdf(foreign, { producedAt });
    expect(bytes.byteLength).toBeGreaterThan(1000);
  });

  it("refuses an invalid notice", async () => {
    await expect(renderNoticePdf({ ...notice, amountCents: 54.5 })).rejects.toMatchObject({
      code: "PAGOPA_NOTICE_INVALID",
    });
  });

  it("renders the receipt PDF", async () => {
    const receipt = parseSendReceiptRequest(sampleReceipt.request).receipt;
    const pdf = await PDFDocument.load(await renderReceiptPdf(receipt));
    expect(pdf.getTitle()).toBe(`Ricevuta di pagamento ${receipt.receiptId}`);
  });
});
