import { z } from "zod";
import { CnsBridgeError } from "../errors/index.js";
import { amountCentsSchema } from "./amount.js";
import { parseNoticeNumber } from "./notice-number.js";
import { describeIssues, pagopaSubjectSchema, pagopaText, type PaymentNotice } from "./payment-notice.js";

/**
 * A debt position as a creditor registers it with pagoPA's GPD (pagopa-api `openapi/gpd.json`,
 * `PaymentPositionModel`), limited to what a single-instalment notice needs: one payment
 * option, no partial payments. `nav` is optional as in GPD, which then uses aux digit 3.
 */
export const debtPaymentOptionSchema = z.object({
  nav: z.string().optional(),
  iuv: z.string().regex(/^[0-9]{15,17}$/),
  amount: amountCentsSchema,
  description: pagopaText(140),
  isPartialPayment: z.literal(false),
  dueDate: z.iso.datetime({ offset: true }),
});

export const debtPositionSchema = z
  .object({
    iupd: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    type: z.enum(["F", "G"]),
    fiscalCode: z.string(),
    fullName: pagopaText(70),
    email: z.email().optional(),
    companyName: pagopaText(140),
    officeName: pagopaText(140).optional(),
    switchToExpired: z.boolean(),
    paymentOption: z.array(debtPaymentOptionSchema).length(1),
  })
  .superRefine((position, context) => {
    const subject = pagopaSubjectSchema.safeParse({
      type: position.type,
      fiscalCode: position.fiscalCode,
      fullName: position.fullName,
    });
    if (!subject.success) {
      context.addIssue({ code: "custom", path: ["fiscalCode"], message: describeIssues(subject.error) });
    }
    position.paymentOption.forEach((option, index) => {
      const nav = option.nav ?? `3${option.iuv}`;
      try {
        if (parseNoticeNumber(nav).iuv !== option.iuv) {
          context.addIssue({
            code: "custom",
            path: ["paymentOption", index, "iuv"],
            message: "IUV and NAV differ",
          });
        }
      } catch (error) {
        context.addIssue({
          code: "custom",
          path: ["paymentOption", index, "nav"],
          message: error instanceof Error ? error.message : "invalid NAV",
        });
      }
    });
  });
export type DebtPosition = z.infer<typeof debtPositionSchema>;

export function parseDebtPosition(value: unknown): DebtPosition {
  const result = debtPositionSchema.safeParse(value);
  if (!result.success) {
    throw new CnsBridgeError("PAGOPA_NOTICE_INVALID", { detail: describeIssues(result.error) });
  }
  return result.data;
}

/**
 * The GPD position for one notice. The due date becomes the end of that day in Italian winter
 * time: in summer this leaves the payer one more hour, never one less.
 */
export function debtPositionFromNotice(
  notice: PaymentNotice,
  options: { iupd: string; switchToExpired?: boolean },
): DebtPosition {
  return parseDebtPosition({
    iupd: options.iupd,
    type: notice.debtor.type,
    fiscalCode: notice.debtor.fiscalCode,
    fullName: notice.debtor.fullName,
    ...(notice.debtor.email === undefined ? {} : { email: notice.debtor.email }),
    companyName: notice.creditor.name,
    ...(notice.creditor.officeName === undefined ? {} : { officeName: notice.creditor.officeName }),
    switchToExpired: options.switchToExpired ?? true,
    paymentOption: [
      {
        nav: notice.noticeNumber,
        iuv: parseNoticeNumber(notice.noticeNumber).iuv,
        amount: notice.amountCents,
        description: notice.description,
        isPartialPayment: false,
        dueDate: `${notice.dueDate}T23:59:59+01:00`,
      },
    ],
  });
}
