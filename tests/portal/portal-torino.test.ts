import { rmSync } from "node:fs";
import type { RequestView } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPayment, SUCCESS_CARD, submitPayment } from "../pagopa/support/fixtures.js";
import { ROUTE_PASSPHRASES } from "../support/route-fixtures.js";
import {
  authToken,
  client,
  makeSystem,
  makeWorld,
  OPERATOR_KEY,
  type PortalWorld,
  signWithCli,
} from "./support.js";

let world: PortalWorld;
let system: ReturnType<typeof makeSystem>;
let offsetMs = 0;

beforeAll(async () => {
  world = await makeWorld();
  system = makeSystem(world, "torino", () => new Date(Date.now() + offsetMs));
});

afterAll(async () => {
  await system.close();
  rmSync(world.dir, { recursive: true, force: true });
});

async function login(variant: string) {
  const browser = client(() => system.portal.app);
  const challenge = (await (await browser.call("GET", "/api/challenge")).json()) as {
    challengeId: string;
    nonce: string;
  };
  const response = await browser.call("POST", "/api/session", {
    token: authToken(world, variant, challenge.nonce),
    challengeId: challenge.challengeId,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  expect(response.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
  return browser;
}

async function view(response: Response, status = 200): Promise<RequestView> {
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body as RequestView;
}

const operator = (id: string, to: string, key = OPERATOR_KEY) =>
  system.portal.app.request(`/operatore/richieste/${id}/stato`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-operator-key": key },
    body: JSON.stringify({ to }),
  });

describe("sandbox portal: legale rappresentante + token at Torino, shipped", () => {
  it("goes from login to 'spedita', with stable documents and the back office", async () => {
    const browser = await login("holder-ec");
    const { id } = await view(await browser.call("POST", "/api/requests"), 201);
    const put = async (step: string, body: unknown) =>
      view(await browser.call("PUT", `/api/requests/${id}/${step}`, body));
    await put("requester", {
      type: "legale-rappresentante",
      partitaIva: "00743110157",
      rea: "TO-123456",
      registeredOfficeProvince: "TO",
      firstForCompany: true,
    });
    await put("contacts", { email: "legale@example.it", mobile: "+39 347 7654321" });
    await put("passphrase", { passphrase: ROUTE_PASSPHRASES.torino });
    await put("delivery", {
      method: "spedizione",
      address: {
        country: "it",
        recipient: "Rossi Srl",
        street: "Via Po 10",
        cap: "10123",
        comune: "Torino",
        provincia: "to",
      },
    });
    const complete = await put("device", { device: "token" });
    expect(complete.state).toBe("dati-completi");
    expect(complete.data.chamberId).toBe("torino");
    // Torino's first-token reduction is checked at the desk: online the standard price applies.
    expect(complete.price?.amountCents).toBe(7000);

    const first = await view(await browser.call("POST", `/api/requests/${id}/documents`));
    // Editing goes back and drops the documents; generating again gives the same bytes.
    const edited = await put("contacts", { email: "legale@example.it", mobile: "3477654321" });
    expect(edited.state).toBe("dati-completi");
    expect(edited.documents).toEqual([]);
    const second = await view(await browser.call("POST", `/api/requests/${id}/documents`));
    expect(second.documents.map((d) => d.sha256)).toEqual(first.documents.map((d) => d.sha256));

    for (const doc of second.documents) {
      const pdf = new Uint8Array(
        await (await browser.call("GET", `/api/requests/${id}/documents/${doc.kind}`)).arrayBuffer(),
      );
      await view(
        await browser.call(
          "PUT",
          `/api/requests/${id}/documents/${doc.kind}/signed`,
          signWithCli(world, "holder-ec", pdf, "cades"),
        ),
      );
    }
    const paying = await view(await browser.call("POST", `/api/requests/${id}/payment`));
    expect(paying.state).toBe("pagamento-in-corso");
    expect((await operator(id, "in-lavorazione")).status).toBe(409);
    const notice = await browser.call("GET", `/api/requests/${id}/avviso`);
    expect(notice.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await notice.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const payPath = await startPayment(
      system.pagopa.app,
      new URL(paying.payment?.checkoutUrl ?? "").pathname,
    );
    await submitPayment(system.pagopa.app, payPath, SUCCESS_CARD);
    await system.pagopa.deliverDueReceipts();
    const paid = await view(await browser.call("GET", `/api/requests/${id}`));
    expect(paid.state).toBe("pagata");
    expect(paid.nextSteps.join(" ")).toContain("raccomandata");

    expect((await operator(id, "in-lavorazione", "chiave-sbagliata-di-prova")).status).toBe(401);
    expect((await view(await operator(id, "in-lavorazione"))).state).toBe("in-lavorazione");
    expect((await operator(id, "consegnata")).status).toBe(409);
    expect((await view(await operator(id, "spedita"))).state).toBe("spedita");
    // A finished request is not open any more: a new one can start.
    expect((await browser.call("POST", "/api/requests")).status).toBe(201);
  });

  it("expires a request left idle before paying", async () => {
    const browser = await login("second-holder");
    const { id } = await view(await browser.call("POST", "/api/requests"), 201);
    offsetMs = 31 * 24 * 3600 * 1000;
    try {
      // After a month the session has expired as well.
      expect((await browser.call("POST", "/api/requests")).status).toBe(401);
    } finally {
      offsetMs = 0;
    }
    system.portal.db
      .prepare("UPDATE requests SET updated_at = ? WHERE id = ?")
      .run("2000-01-01T00:00:00.000Z", id);
    const next = await view(await browser.call("POST", "/api/requests"), 201);
    expect(next.id).not.toBe(id);
    const old = await view(await browser.call("GET", `/api/requests/${id}`));
    expect(old.state).toBe("scaduta");
  });
});
