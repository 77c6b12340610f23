import type { NoticeFaultCode } from "@cns-bridge/shared";
import type { Cart } from "./carts.js";
import type { StandInDatabase } from "./database.js";
import { getPositionByNotice, type StoredPosition } from "./debt-positions.js";

/** One line of a cart as the node sees it: the creditor's own data, or why it cannot be paid. */
export interface CartNoticeView {
  readonly noticeNumber: string;
  readonly fiscalCode: string;
  readonly companyName: string;
  readonly description: string;
  /** The creditor's amount: the cart's amount is what the creditor asked, the position is the truth. */
  readonly amountCents: number;
  readonly fault?: NoticeFaultCode;
  /** Set when this very cart paid the notice. */
  readonly receiptId?: string;
}

interface NoticeRow {
  locked_by_cart: string | null;
  locked_until: number | null;
  receipt_id: string | null;
}

function noticeRow(db: StandInDatabase, organization: string, noticeNumber: string): NoticeRow | undefined {
  return db
    .prepare(
      "SELECT locked_by_cart, locked_until, receipt_id FROM notices WHERE organization_fiscal_code = ? AND notice_number = ?",
    )
    .get(organization, noticeNumber) as NoticeRow | undefined;
}

function paidByCart(db: StandInDatabase, receiptId: string, cartId: string): boolean {
  return (
    db.prepare("SELECT 1 FROM receipts WHERE receipt_id = ? AND cart_id = ?").get(receiptId, cartId) !==
    undefined
  );
}

/** The node's checks in its order: known, not cancelled, not paid, not expired, not being paid. */
function faultFor(
  db: StandInDatabase,
  cartId: string,
  position: StoredPosition | undefined,
  row: NoticeRow | undefined,
  now: Date,
): NoticeFaultCode | undefined {
  if (position === undefined || row === undefined || position.status === "DRAFT")
    return "PAA_PAGAMENTO_SCONOSCIUTO";
  if (position.status === "INVALID") return "PAA_PAGAMENTO_ANNULLATO";
  if (row.receipt_id !== null)
    return paidByCart(db, row.receipt_id, cartId) ? undefined : "PAA_PAGAMENTO_DUPLICATO";
  const option = position.position.paymentOption[0];
  if (
    position.position.switchToExpired &&
    option !== undefined &&
    Date.parse(option.dueDate) < now.getTime()
  ) {
    return "PAA_PAGAMENTO_SCADUTO";
  }
  if (
    row.locked_by_cart !== null &&
    row.locked_by_cart !== cartId &&
    (row.locked_until ?? 0) > now.getTime()
  ) {
    return "PPT_PAGAMENTO_IN_CORSO";
  }
  return undefined;
}

export function viewCart(db: StandInDatabase, cart: Cart, now: Date): CartNoticeView[] {
  return cart.request.paymentNotices.map((item) => {
    const position = getPositionByNotice(db, item.fiscalCode, item.noticeNumber);
    const row = noticeRow(db, item.fiscalCode, item.noticeNumber);
    const fault = faultFor(db, cart.id, position, row, now);
    const option = position?.position.paymentOption[0];
    return {
      noticeNumber: item.noticeNumber,
      fiscalCode: item.fiscalCode,
      companyName: position?.position.companyName ?? item.companyName,
      description: option?.description ?? item.description,
      amountCents: option?.amount ?? item.amount,
      ...(fault === undefined ? {} : { fault }),
      ...(row?.receipt_id !== null && row?.receipt_id !== undefined && fault === undefined
        ? { receiptId: row.receipt_id }
        : {}),
    };
  });
}
