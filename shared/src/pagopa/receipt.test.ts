import { describe, expect, it } from "vitest";
import { parsePaymentNotice } from "./payment-notice.js";
import {
  checkReceiptForNotice,
  decideReceiptRecording,
  parseSendReceiptRequest,
  type PagopaReceipt,
} from "./receipt.js";
import { signReceiptBody, verifyReceiptCallback } from "./receipt-signature.js";
import sampleNotice from "./test-vectors/sample-notice.json" with { type: "json" };
import sampleReceipt from "./test-vectors/sample-receipt.json" with { type: "json" };

const notice = parsePaymentNotice(sampleNotice.notice);
const request = parseSendReceiptRequest(sampleReceipt.request);
const receipt = request.receipt;
const secret = "a-test-secret-of-at-least-32-bytes!!";
const now = new Date("2026-11-23T09:30:05Z");

describe("receipt model", () => {
  it("parses the sample receipt and matches it to its notice", () => {
    expect(receipt.paymentAmountCents).toBe(5400);
    expect(() => checkReceiptForNotice(receipt, notice)).not.toThrow();
  });

  it.each([
    ["paymentAmountCents", { paymentAmountCents: 5300 }],
    ["noticeNumber", { noticeNumber: "301000000000000144" }],
    ["fiscalCode", { fiscalCode: "02438750586" }],
    ["debtor", { debtor: { type: "F" as const, fiscalCode: "VRDLGU80A01H501X", fullName: "Luigi Verdi" } }],
  ])("refuses a receipt with another %s", (field, change) => {
    expect(() => checkReceiptForNotice({ ...receipt, ...change }, notice)).toThrow(
      expect.objectContaining({ code: "PAGOPA_RECEIPT_MISMATCH", params: { field } }),
    );
  });

  it("refuses malformed receipts with a coded error", () => {
    const bad: unknown[] = [
      null,
      {},
      { ...sampleReceipt.request, idPA: "02438750586" },
      { ...sampleReceipt.request, receipt: { ...receipt, outcome: "KO" } },
      { ...sampleReceipt.request, receipt: { ...receipt, paymentAmountCents: 54.0001 } },
      { ...sampleReceipt.request, receipt: { ...receipt, receiptId: "../../etc/passwd" } },
      { ...sampleReceipt.request, receipt: { ...receipt, paymentDateTime: "ieri" } },
    ];
    for (const value of bad) {
      expect(() => parseSendReceiptRequest(value)).toThrow(
        expect.objectContaining({ code: "PAGOPA_RECEIPT_INVALID" }),
      );
    }
  });
});

describe("recording a receipt in the creditor's accounting", () => {
  it("records once and ignores an exact redelivery", () => {
    expect(decideReceiptRecording(undefined, receipt)).toBe("record");
    expect(decideReceiptRecording(receipt, structuredClone(receipt))).toBe("duplicate");
  });

  it("refuses a change of holder after payment", () => {
    const otherHolder: PagopaReceipt = {
      ...receipt,
      debtor: { type: "G", fiscalCode: "02438750586", fullName: "Studio Associato di Prova" },
    };
    expect(() => decideReceiptRecording(receipt, otherHolder)).toThrow(
      expect.objectContaining({ code: "PAGOPA_RECEIPT_HOLDER_CHANGED" }),
    );
    const withPayer: PagopaReceipt = { ...receipt, payer: otherHolder.debtor };
    expect(() => decideReceiptRecording(receipt, withPayer)).toThrow(
      expect.objectContaining({ code: "PAGOPA_RECEIPT_HOLDER_CHANGED" }),
    );
  });

  it("flags a second receipt for the same notice as a double payment", () => {
    expect(() => decideReceiptRecording(receipt, { ...receipt, receiptId: "another-receipt" })).toThrow(
      expect.objectContaining({ code: "PAGOPA_RECEIPT_DOUBLE_PAYMENT" }),
    );
  });
});

describe("receipt callback authentication", () => {
  const body = JSON.stringify(request);

  it("accepts a body signed with the creditor's secret", async () => {
    const header = await signReceiptBody(body, secret, now);
    await expect(
      verifyReceiptCallback({ rawBody: body, signatureHeader: header, secret, now }),
    ).resolves.toEqual(request);
  });

  it("refuses a wrong secret, a changed body, a missing or garbled header and an old signature", async () => {
    const header = await signReceiptBody(body, secret, now);
    const attempts = [
      { rawBody: body, signatureHeader: header, secret: "another-secret-of-at-least-32-bytes!!" },
      { rawBody: body.replace("5400", "5300"), signatureHeader: header, secret },
      { rawBody: body, signatureHeader: null, secret },
      { rawBody: body, signatureHeader: header.replace(/.$/, (c) => (c === "0" ? "1" : "0")), secret },
      { rawBody: body, signatureHeader: `${header},v1=${"0".repeat(64)}`, secret },
      { rawBody: body, signatureHeader: header.toUpperCase(), secret },
    ];
    for (const attempt of attempts) {
      await expect(verifyReceiptCallback({ ...attempt, now })).rejects.toMatchObject({
        code: "PAGOPA_RECEIPT_SIGNATURE_INVALID",
      });
    }
    await expect(
      verifyReceiptCallback({
        rawBody: body,
        signatureHeader: header,
        secret,
        now: new Date(now.getTime() + 301_000),
      }),
    ).rejects.toMatchObject({ code: "PAGOPA_RECEIPT_SIGNATURE_INVALID" });
  });

  it("refuses a signed body that is not a receipt", async () => {
    const junk = "{not json";
    await expect(
      verifyReceiptCallback({
        rawBody: junk,
        signatureHeader: await signReceiptBody(junk, secret, now),
        secret,
        now,
      }),
    ).rejects.toMatchObject({ code: "PAGOPA_RECEIPT_INVALID" });
  });

  it("refuses a short secret", async () => {
    await expect(signReceiptBody(body, "short")).rejects.toMatchObject({ code: "BAD_USAGE" });
  });
});
