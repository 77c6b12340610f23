import { debtPositionFromNotice } from "@cns-bridge/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPagopaStandIn, type PagopaStandIn } from "../sandbox/pagopa/stand-in.js";
import {
  createCart,
  gpdPath,
  iupdOf,
  outcomeOf,
  registerNotice,
  sampleNotice,
  startPayment,
  submitPayment,
  SUCCESS_CARD,
  tempDbPath,
} from "./support/fixtures.js";

function put(standIn: PagopaStandIn, path: string, body: unknown) {
  return standIn.app.request(path, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("GPD debt positions", () => {
  let standIn: PagopaStandIn;
  beforeEach(() => {
    standIn = createPagopaStandIn({ dbPath: tempDbPath(), creditorCallbacks: {}, deliveryIntervalMs: 0 });
  });
  afterEach(() => standIn.close());

  it("creates, publishes and reads a position", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice, { publish: false });
    const draft = await standIn.app.request(gpdPath(`/${iupdOf(notice)}`));
    expect(draft.status).toBe(200);
    expect(await draft.json()).toMatchObject({
      status: "DRAFT",
      paymentOption: [{ nav: notice.noticeNumber, status: "PO_UNPAID", amount: 5400 }],
    });
    expect(
      (await standIn.app.request(gpdPath(`/${iupdOf(notice)}/publish`), { method: "POST" })).status,
    ).toBe(200);
    expect(
      (await standIn.app.request(gpdPath(`/${iupdOf(notice)}/publish`), { method: "POST" })).status,
    ).toBe(409);
    const valid = (await (await standIn.app.request(gpdPath(`/${iupdOf(notice)}`))).json()) as {
      status: string;
    };
    expect(valid.status).toBe("VALID");
  });

  it("refuses duplicates with 409", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    await expect(registerNotice(standIn.app, notice)).rejects.toThrow(/409/);
    const sameNav = debtPositionFromNotice(notice, { iupd: "another-iupd" });
    const response = await standIn.app.request(gpdPath("?toPublish=true"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sameNav),
    });
    expect(response.status).toBe(409);
  });

  it("refuses malformed positions and organizations with 400, unknown ones with 404", async () => {
    const position = debtPositionFromNotice(sampleNotice(), { iupd: "X-1" });
    const bad = [
      "{",
      JSON.stringify({ ...position, paymentOption: [] }),
      JSON.stringify({ ...position, paymentOption: [{ ...position.paymentOption[0], amount: 54.5 }] }),
      JSON.stringify({
        ...position,
        paymentOption: [{ ...position.paymentOption[0], nav: "322201151398574182" }],
      }),
    ];
    for (const body of bad) {
      const response = await standIn.app.request(gpdPath(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(response.status, body.slice(0, 40)).toBe(400);
    }
    const badOrganization = await standIn.app.request(
      "/gpd/debt-positions-service/v1/organizations/77777777777/debtpositions/X-1",
    );
    expect(badOrganization.status).toBe(400);
    expect((await standIn.app.request(gpdPath("/unknown"))).status).toBe(404);
    expect((await standIn.app.request(gpdPath("/unknown/invalidate"), { method: "POST" })).status).toBe(404);
    expect((await put(standIn, gpdPath("/X-1"), position)).status).toBe(404);
  });

  it("lets the holder change before payment and refuses it after (409)", async () => {
    const notice = sampleNotice();
    await registerNotice(standIn.app, notice);
    const path = gpdPath(`/${iupdOf(notice)}`);
    const company = debtPositionFromNotice(
      { ...notice, debtor: { type: "G", fiscalCode: "02438750586", fullName: "Impresa di Prova S.r.l." } },
      { iupd: iupdOf(notice) },
    );
    expect((await put(standIn, path, company)).status).toBe(200);
    const otherNav = debtPositionFromNotice(
      { ...sampleNotice(), debtor: notice.debtor },
      { iupd: iupdOf(notice) },
    );
    expect((await put(standIn, path, otherNav)).status).toBe(400);
    expect((await put(standIn, gpdPath("/another"), company)).status).toBe(400);

    const cartPath = await createCart(standIn.app, [notice]);
    const payPath = await startPayment(standIn.app, cartPath);
    // A payment under way freezes the position too.
    expect((await put(standIn, path, debtPositionFromNotice(notice, { iupd: iupdOf(notice) }))).status).toBe(
      409,
    );
    expect(outcomeOf(await submitPayment(standIn.app, payPath, SUCCESS_CARD))).toBe("success");

    const back = await put(standIn, path, debtPositionFromNotice(notice, { iupd: iupdOf(notice) }));
    expect(back.status).toBe(409);
    const paid = (await (await standIn.app.request(path)).json()) as {
      status: string;
      fullName: string;
      paymentOption: { status: string; idReceipt: string }[];
    };
    expect(paid).toMatchObject({
      status: "PAID",
      fullName: "Impresa di Prova S.r.l.",
      paymentOption: [{ status: "PO_PAID" }],
    });
    const receipt = (await (
      await standIn.app.request(`/receipts/${paid.paymentOption[0]?.idReceipt ?? ""}`)
    ).json()) as {
      receipt: { debtor: { fiscalCode: string } };
    };
    expect(receipt.receipt.debtor.fiscalCode).toBe("02438750586");
    expect((await standIn.app.request(`${path}/invalidate`, { method: "POST" })).status).toBe(409);
  });
});
