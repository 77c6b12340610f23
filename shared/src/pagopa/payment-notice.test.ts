import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../errors/index.js";
import { parsePaymentNotice } from "./payment-notice.js";
import sample from "./test-vectors/sample-notice.json" with { type: "json" };

function withChange(change: (notice: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(sample.notice) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
}

function codeAndDetail(value: unknown): { code: string; detail: string } {
  try {
    parsePaymentNotice(value);
  } catch (error) {
    if (isCnsBridgeError(error)) return { code: error.code, detail: String(error.params.detail) };
  }
  return { code: "none", detail: "" };
}

describe("payment notice model", () => {
  it("accepts the sample notice", () => {
    expect(parsePaymentNotice(sample.notice).amountCents).toBe(5400);
  });

  it("names every bad field at once", () => {
    const result = codeAndDetail(
      withChange((notice) => {
        notice.amountCents = 54.0;
        notice.noticeNumber = "322201151398574182";
        notice.dueDate = "2026-02-30";
      }),
    );
    // 54.0 is the integer 54 in JavaScript: only the other two fields are wrong.
    expect(result.code).toBe("PAGOPA_NOTICE_INVALID");
    expect(result.detail).toContain("noticeNumber");
    expect(result.detail).toContain("dueDate");
    expect(result.detail).not.toContain("amountCents");
  });

  it.each([
    ["a float amount", (n: Record<string, unknown>) => (n.amountCents = 54.5), "amountCents"],
    ["a zero amount", (n: Record<string, unknown>) => (n.amountCents = 0), "amountCents"],
    ["an amount as text", (n: Record<string, unknown>) => (n.amountCents = "5400"), "amountCents"],
    [
      "a bad creditor",
      (n: Record<string, unknown>) => ((n.creditor as { fiscalCode: string }).fiscalCode = "77777777777"),
      "creditor.fiscalCode",
    ],
    [
      "a lower-case codice fiscale",
      (n: Record<string, unknown>) => ((n.debtor as { fiscalCode: string }).fiscalCode = "rssmra80a01h501u"),
      "debtor.fiscalCode",
    ],
    [
      "a legal person with a personal code",
      (n: Record<string, unknown>) => ((n.debtor as { type: string }).type = "G"),
      "debtor.fiscalCode",
    ],
    [
      "a causale of 141 characters",
      (n: Record<string, unknown>) => (n.description = "x".repeat(141)),
      "description",
    ],
    [
      "a causale with a control character",
      (n: Record<string, unknown>) => (n.description = "Rilascio\u0000CNS"),
      "description",
    ],
    ["a due date with time", (n: Record<string, unknown>) => (n.dueDate = "2026-12-31T00:00:00Z"), "dueDate"],
  ])("refuses %s", (_name, change, path) => {
    const result = codeAndDetail(withChange(change));
    expect(result.code).toBe("PAGOPA_NOTICE_INVALID");
    expect(result.detail).toContain(path);
  });

  it("refuses values that are not notices", () => {
    for (const hostile of [null, "notice", [], 42]) {
      expect(codeAndDetail(hostile).code).toBe("PAGOPA_NOTICE_INVALID");
    }
  });
});
