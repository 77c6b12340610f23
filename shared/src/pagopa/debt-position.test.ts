import { describe, expect, it } from "vitest";
import { debtPositionFromNotice, parseDebtPosition } from "./debt-position.js";
import { parsePaymentNotice } from "./payment-notice.js";
import sample from "./test-vectors/sample-notice.json" with { type: "json" };

const notice = parsePaymentNotice(sample.notice);

describe("GPD debt position", () => {
  it("is built from a notice with its NAV, IUV and end-of-day due date", () => {
    const position = debtPositionFromNotice(notice, { iupd: "CNS-2026-0001" });
    expect(position.paymentOption[0]).toEqual({
      nav: "322201151398574181",
      iuv: "22201151398574181",
      amount: 5400,
      description: notice.description,
      isPartialPayment: false,
      dueDate: "2026-12-31T23:59:59+01:00",
    });
    expect(position.switchToExpired).toBe(true);
  });

  it("refuses positions whose NAV, IUV or debtor do not hold together", () => {
    const good = debtPositionFromNotice(notice, { iupd: "CNS-1" });
    const option = good.paymentOption[0];
    const bad: unknown[] = [
      { ...good, paymentOption: [{ ...option, iuv: "22201151398574182", nav: undefined }] },
      { ...good, paymentOption: [{ ...option, iuv: "01000000000000144" }] },
      { ...good, type: "G" },
      { ...good, paymentOption: [{ ...option, isPartialPayment: true }] },
      { ...good, paymentOption: [option, option] },
      { ...good, iupd: "../x" },
      { ...good, paymentOption: [{ ...option, amount: 54.5 }] },
    ];
    for (const value of bad) {
      expect(() => parseDebtPosition(value)).toThrow(
        expect.objectContaining({ code: "PAGOPA_NOTICE_INVALID" }),
      );
    }
  });
});
