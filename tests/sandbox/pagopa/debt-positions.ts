import { type DebtPosition, debtPositionSchema } from "@cns-bridge/shared";
import type { StandInDatabase } from "./database.js";

export type PositionStatus = "DRAFT" | "VALID" | "INVALID" | "PAID";

export interface StoredPosition {
  readonly organizationFiscalCode: string;
  readonly position: DebtPosition;
  readonly status: PositionStatus;
  readonly insertedAt: string;
  readonly updatedAt: string;
  readonly paidAt: string | null;
}

interface PositionRow {
  organization_fiscal_code: string;
  position: string;
  status: PositionStatus;
  inserted_at: string;
  updated_at: string;
  paid_at: string | null;
}

function fromRow(row: PositionRow): StoredPosition {
  return {
    organizationFiscalCode: row.organization_fiscal_code,
    // Rows were validated when written; parsing again keeps the types honest after a restart.
    position: debtPositionSchema.parse(JSON.parse(row.position)),
    status: row.status,
    insertedAt: row.inserted_at,
    updatedAt: row.updated_at,
    paidAt: row.paid_at,
  };
}

export function navOf(position: DebtPosition): string {
  const option = position.paymentOption[0];
  if (option === undefined) throw new Error("a debt position always has one payment option");
  return option.nav ?? `3${option.iuv}`;
}

export function getPosition(
  db: StandInDatabase,
  organization: string,
  iupd: string,
): StoredPosition | undefined {
  const row = db
    .prepare("SELECT * FROM debt_positions WHERE organization_fiscal_code = ? AND iupd = ?")
    .get(organization, iupd) as PositionRow | undefined;
  return row === undefined ? undefined : fromRow(row);
}

export function getPositionByNotice(
  db: StandInDatabase,
  organization: string,
  noticeNumber: string,
): StoredPosition | undefined {
  const row = db
    .prepare(
      `SELECT p.* FROM notices n JOIN debt_positions p
         ON p.organization_fiscal_code = n.organization_fiscal_code AND p.iupd = n.iupd
       WHERE n.organization_fiscal_code = ? AND n.notice_number = ?`,
    )
    .get(organization, noticeNumber) as PositionRow | undefined;
  return row === undefined ? undefined : fromRow(row);
}

export type CreateResult = "created" | "duplicate-iupd" | "duplicate-nav";

export function createPosition(
  db: StandInDatabase,
  organization: string,
  position: DebtPosition,
  publish: boolean,
  now: Date,
): CreateResult {
  return db.transaction((): CreateResult => {
    if (getPosition(db, organization, position.iupd) !== undefined) return "duplicate-iupd";
    const nav = navOf(position);
    const taken = db
      .prepare("SELECT 1 FROM notices WHERE organization_fiscal_code = ? AND notice_number = ?")
      .get(organization, nav);
    if (taken !== undefined) return "duplicate-nav";
    const at = now.toISOString();
    db.prepare(
      "INSERT INTO debt_positions (organization_fiscal_code, iupd, position, status, inserted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(organization, position.iupd, JSON.stringify(position), publish ? "VALID" : "DRAFT", at, at);
    db.prepare("INSERT INTO notices (organization_fiscal_code, notice_number, iupd) VALUES (?, ?, ?)").run(
      organization,
      nav,
      position.iupd,
    );
    return "created";
  })();
}

export type UpdateResult = "updated" | "not-found" | "paid" | "in-progress" | "nav-changed";

/**
 * GPD refuses to change a position once a payment exists ("existing related payment found"):
 * this is what fixes the receipt's holder at payment time. A payment under way counts too.
 */
export function updatePosition(
  db: StandInDatabase,
  organization: string,
  position: DebtPosition,
  now: Date,
): UpdateResult {
  return db.transaction((): UpdateResult => {
    const stored = getPosition(db, organization, position.iupd);
    if (stored === undefined) return "not-found";
    if (stored.status === "PAID") return "paid";
    if (navOf(stored.position) !== navOf(position)) return "nav-changed";
    const lock = db
      .prepare("SELECT locked_until FROM notices WHERE organization_fiscal_code = ? AND iupd = ?")
      .get(organization, position.iupd) as { locked_until: number | null } | undefined;
    if (
      lock?.locked_until !== null &&
      lock?.locked_until !== undefined &&
      lock.locked_until > now.getTime()
    ) {
      return "in-progress";
    }
    db.prepare(
      "UPDATE debt_positions SET position = ?, updated_at = ? WHERE organization_fiscal_code = ? AND iupd = ?",
    ).run(JSON.stringify(position), now.toISOString(), organization, position.iupd);
    return "updated";
  })();
}

/** Moves a position between states; returns false when it is not in `from`. */
export function changeStatus(
  db: StandInDatabase,
  organization: string,
  iupd: string,
  from: PositionStatus,
  to: PositionStatus,
  now: Date,
): boolean {
  const result = db
    .prepare(
      "UPDATE debt_positions SET status = ?, updated_at = ? WHERE organization_fiscal_code = ? AND iupd = ? AND status = ?",
    )
    .run(to, now.toISOString(), organization, iupd, from);
  return result.changes === 1;
}
