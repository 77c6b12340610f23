import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildNoticeNumber } from "./notice-number.js";
import { parsePaymentQrPayload, paymentQrPayload } from "./payment-qr.js";
import { qrMatrix } from "./qr-matrix.js";

describe("payment QR code", () => {
  it("writes the pagoPA 002 payload", () => {
    expect(
      paymentQrPayload({
        noticeNumber: "322201151398574181",
        creditorFiscalCode: "02438750586",
        amountCents: 5400,
      }),
    ).toBe("PAGOPA|002|322201151398574181|02438750586|5400");
  });

  it("reads back what it writes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.stringMatching(/^[0-9]{13}$/),
        fc.integer({ min: 1, max: 99_999_999_999 }),
        (segregationCode, iuvBase, amountCents) => {
          const data = {
            noticeNumber: buildNoticeNumber({ segregationCode, iuvBase }),
            creditorFiscalCode: "80002170019",
            amountCents,
          };
          expect(parsePaymentQrPayload(paymentQrPayload(data))).toEqual(data);
        },
      ),
    );
  });

  it("refuses bad fields when writing", () => {
    const good = { noticeNumber: "322201151398574181", creditorFiscalCode: "02438750586", amountCents: 5400 };
    expect(() => paymentQrPayload({ ...good, amountCents: 54.5 })).toThrow(
      expect.objectContaining({ code: "PAGOPA_AMOUNT_INVALID" }),
    );
    expect(() => paymentQrPayload({ ...good, noticeNumber: "322201151398574182" })).toThrow(
      expect.objectContaining({ code: "PAGOPA_NOTICE_NUMBER_CHECK_DIGITS" }),
    );
    expect(() => paymentQrPayload({ ...good, creditorFiscalCode: "77777777777" })).toThrow(
      expect.objectContaining({ code: "PAGOPA_CREDITOR_FISCAL_CODE_INVALID" }),
    );
  });

  it("refuses hostile payloads", () => {
    const hostile: unknown[] = [
      null,
      "",
      "PAGOPA|001|322201151398574181|02438750586|5400",
      "PAGOPA|002|322201151398574181|02438750586",
      "PAGOPA|002|322201151398574181|02438750586|5400|x",
      "PAGOPA|002|322201151398574181|02438750586|054",
      "PAGOPA|002|322201151398574181|02438750586|54.00",
      "PAGOPA|002|322201151398574181|02438750586|-5400",
      "PAGOPA|002|322201151398574181|02438750586|0",
      "pagopa|002|322201151398574181|02438750586|5400",
      `PAGOPA|002|${"3".repeat(10_000)}`,
    ];
    for (const payload of hostile) {
      expect(() => parsePaymentQrPayload(payload), String(payload).slice(0, 60)).toThrow(
        expect.objectContaining({ code: "PAGOPA_QR_PAYLOAD_INVALID" }),
      );
    }
    expect(() => parsePaymentQrPayload("PAGOPA|002|322201151398574182|02438750586|5400")).toThrow(
      expect.objectContaining({ code: "PAGOPA_NOTICE_NUMBER_CHECK_DIGITS" }),
    );
  });

  it("draws a square QR with finder patterns in three corners", () => {
    const modules = qrMatrix("PAGOPA|002|322201151398574181|02438750586|5400");
    const size = modules.length;
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    for (const [row, column] of [
      [0, 0],
      [0, size - 7],
      [size - 7, 0],
    ] as const) {
      expect(modules[row]?.slice(column, column + 7).every(Boolean)).toBe(true);
    }
  });
});
