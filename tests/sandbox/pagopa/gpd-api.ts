import {
  type DebtPosition,
  describeIssues,
  debtPositionSchema,
  isValidCreditorFiscalCode,
} from "@cns-bridge/shared";
import type { Context, Hono } from "hono";
import type { StandInDatabase } from "./database.js";
import {
  changeStatus,
  createPosition,
  getPosition,
  navOf,
  type StoredPosition,
  updatePosition,
} from "./debt-positions.js";
import { problem, readJson } from "./problem.js";

export interface GpdApiDependencies {
  readonly db: StandInDatabase;
  readonly clock: () => Date;
}

const BASE = "/gpd/debt-positions-service/v1/organizations/:organization/debtpositions";

/** The GPD answer shape (`PaymentPositionModelBaseResponse`) for one stored position. */
function positionResponse(db: StandInDatabase, stored: StoredPosition) {
  const option = stored.position.paymentOption[0];
  const nav = navOf(stored.position);
  const receipt = db
    .prepare("SELECT receipt_id FROM notices WHERE organization_fiscal_code = ? AND notice_number = ?")
    .get(stored.organizationFiscalCode, nav) as { receipt_id: string | null } | undefined;
  const receiptId = receipt?.receipt_id ?? null;
  return {
    iupd: stored.position.iupd,
    organizationFiscalCode: stored.organizationFiscalCode,
    type: stored.position.type,
    fiscalCode: stored.position.fiscalCode,
    fullName: stored.position.fullName,
    companyName: stored.position.companyName,
    ...(stored.position.officeName === undefined ? {} : { officeName: stored.position.officeName }),
    switchToExpired: stored.position.switchToExpired,
    status: stored.status,
    insertedDate: stored.insertedAt,
    lastUpdatedDate: stored.updatedAt,
    ...(stored.paidAt === null ? {} : { paymentDate: stored.paidAt }),
    paymentOption:
      option === undefined
        ? []
        : [
            {
              nav,
              iuv: option.iuv,
              organizationFiscalCode: stored.organizationFiscalCode,
              amount: option.amount,
              description: option.description,
              isPartialPayment: false,
              dueDate: option.dueDate,
              status: receiptId === null ? "PO_UNPAID" : "PO_PAID",
              ...(receiptId === null ? {} : { idReceipt: receiptId }),
              ...(stored.paidAt === null ? {} : { paymentDate: stored.paidAt }),
            },
          ],
  };
}

/**
 * The part of GPD a creditor needs to make a notice payable: create (and publish), read,
 * update before payment, publish, invalidate. Statuses and 404/409 answers follow gpd.json.
 */
export function registerGpdApi(app: Hono, deps: GpdApiDependencies): void {
  const { db, clock } = deps;

  function organizationOf(c: Context): string | undefined {
    const organization = c.req.param("organization") ?? "";
    return isValidCreditorFiscalCode(organization) ? organization : undefined;
  }

  async function bodyPosition(c: Context): Promise<DebtPosition | Response> {
    const body = await readJson(c);
    if (!body.ok) return problem(c, 400, "Bad Request", "the body is not JSON");
    const parsed = debtPositionSchema.safeParse(body.value);
    return parsed.success ? parsed.data : problem(c, 400, "Bad Request", describeIssues(parsed.error));
  }

  app.post(BASE, async (c) => {
    const organization = organizationOf(c);
    if (organization === undefined) return problem(c, 400, "Bad Request", "invalid organization fiscal code");
    const position = await bodyPosition(c);
    if (position instanceof Response) return position;
    const result = createPosition(db, organization, position, c.req.query("toPublish") === "true", clock());
    if (result === "duplicate-iupd")
      return problem(c, 409, "Conflict", "duplicate debt position found (iupd)");
    if (result === "duplicate-nav")
      return problem(c, 409, "Conflict", "a debt position with this notice number exists");
    const stored = getPosition(db, organization, position.iupd);
    return c.json(stored === undefined ? {} : positionResponse(db, stored), 201);
  });

  app.get(`${BASE}/:iupd`, (c) => {
    const organization = organizationOf(c);
    if (organization === undefined) return problem(c, 400, "Bad Request", "invalid organization fiscal code");
    const stored = getPosition(db, organization, c.req.param("iupd"));
    return stored === undefined
      ? problem(c, 404, "Not Found", "no debt position found")
      : c.json(positionResponse(db, stored));
  });

  app.put(`${BASE}/:iupd`, async (c) => {
    const organization = organizationOf(c);
    if (organization === undefined) return problem(c, 400, "Bad Request", "invalid organization fiscal code");
    const position = await bodyPosition(c);
    if (position instanceof Response) return position;
    if (position.iupd !== c.req.param("iupd"))
      return problem(c, 400, "Bad Request", "iupd differs from the path");
    const result = updatePosition(db, organization, position, clock());
    switch (result) {
      case "not-found":
        return problem(c, 404, "Not Found", "no debt position found");
      case "paid":
        return problem(c, 409, "Conflict", "existing related payment found: a paid position cannot change");
      case "in-progress":
        return problem(c, 409, "Conflict", "a payment of this position is in progress");
      case "nav-changed":
        return problem(c, 400, "Bad Request", "the notice number of a position cannot change");
      case "updated": {
        const stored = getPosition(db, organization, position.iupd);
        return c.json(stored === undefined ? {} : positionResponse(db, stored));
      }
    }
  });

  const transition = (from: "DRAFT" | "VALID", to: "VALID" | "INVALID", refusal: string) => (c: Context) => {
    const organization = organizationOf(c);
    const iupd = c.req.param("iupd") ?? "";
    if (organization === undefined) return problem(c, 400, "Bad Request", "invalid organization fiscal code");
    if (getPosition(db, organization, iupd) === undefined)
      return problem(c, 404, "Not Found", "no debt position found");
    if (!changeStatus(db, organization, iupd, from, to, clock())) return problem(c, 409, "Conflict", refusal);
    const stored = getPosition(db, organization, iupd);
    return c.json(stored === undefined ? {} : positionResponse(db, stored));
  };
  app.post(
    `${BASE}/:iupd/publish`,
    transition("DRAFT", "VALID", "debt position is not in publishable state"),
  );
  app.post(
    `${BASE}/:iupd/invalidate`,
    transition("VALID", "INVALID", "debt position is not in invalidable state"),
  );
}
