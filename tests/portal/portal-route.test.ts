import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import type { RequestView } from "@cns-bridge/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_CARD, startPayment, SUCCESS_CARD, submitPayment } from "../pagopa/support/fixtures.js";
import { ROUTE_PASSPHRASES, WEAK_PASSPHRASES } from "../support/route-fixtures.js";
import { authToken, client, makeSystem, makeWorld, type PortalWorld, signWithCli } from "./support.js";

let world: PortalWorld;
let system: ReturnType<typeof makeSystem>;

beforeAll(async () => {
  world = await makeWorld();
  system = makeSystem(world);
});

afterAll(async () => {
  await system.close();
  rmSync(world.dir, { recursive: true, force: true });
});

type Client = ReturnType<typeof client>;

async function login(variant: string): Promise<Client> {
  const browser = client(() => system.portal.app);
  const challenge = (await (await browser.call("GET", "/api/challenge")).json()) as {
    challengeId: string;
    nonce: string;
  };
  const token = authToken(world, variant, challenge.nonce);
  const response = await browser.call("POST", "/api/session", { token, challengeId: challenge.challengeId });
  expect(response.status).toBe(200);
  return browser;
}

async function json<T = RequestView>(response: Response, status = 200): Promise<T> {
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body as T;
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(body.error?.message).toBeTruthy();
  return body.error?.code ?? "";
}

const SHIPPING = {
  country: "IT",
  recipient: "Mario Rossi",
  street: "Via Roma 1",
  cap: "59100",
  comune: "Prato",
  provincia: "PO",
};

async function fillPrivatoAtPrato(browser: Client, id: string): Promise<RequestView> {
  await json(
    await browser.call("PUT", `/api/requests/${id}/requester`, { type: "privato", residenceProvince: "PO" }),
  );
  await json(
    await browser.call("PUT", `/api/requests/${id}/contacts`, {
      email: "titolare@example.it",
      mobile: "333 1234567",
    }),
  );
  await json(
    await browser.call("PUT", `/api/requests/${id}/passphrase`, { passphrase: ROUTE_PASSPHRASES.prato }),
  );
  await json(await browser.call("PUT", `/api/requests/${id}/delivery`, { method: "sportello" }));
  return json(await browser.call("PUT", `/api/requests/${id}/device`, { device: "smart-card" }));
}

async function documentBytes(browser: Client, id: string, kind: string): Promise<Uint8Array> {
  const response = await browser.call("GET", `/api/requests/${id}/documents/${kind}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return new Uint8Array(await response.arrayBuffer());
}

describe("sandbox portal: the route over the JSON API", () => {
  it("refuses a login without a valid token, and API calls without a session", async () => {
    const browser = client(() => system.portal.app);
    expect(await errorCode(await browser.call("POST", "/api/requests"))).toBe("ROUTE_SESSION_REQUIRED");
    const challenge = (await (await browser.call("GET", "/api/challenge")).json()) as {
      challengeId: string;
      nonce: string;
    };
    const forOtherOrigin = authToken(world, "holder-rsa", challenge.nonce, "http://evil.test");
    const refused = await browser.call("POST", "/api/session", {
      token: forOtherOrigin,
      challengeId: challenge.challengeId,
    });
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toMatch(/^AUTH_TOKEN_/);
    // The challenge was spent by the failed attempt.
    const token = authToken(world, "holder-rsa", challenge.nonce);
    expect(
      await errorCode(
        await browser.call("POST", "/api/session", { token, challengeId: challenge.challengeId }),
      ),
    ).toBe("ROUTE_CHALLENGE_INVALID");
    expect(browser.cookie).toBe("");
  });

  it("privato + smart card at Prato: data, documents, signed uploads, payment refused then paid once", async () => {
    const holder = world.token("holder-rsa").holder;
    const browser = await login("holder-rsa");
    const session = await browser.call("GET", "/api/session/me");
    // The session carries the codice fiscale and the names from the authentication certificate.
    expect(((await session.json()) as { holder: unknown }).holder).toEqual(holder);

    const draft = await json(await browser.call("POST", "/api/requests"), 201);
    expect(draft.state).toBe("bozza");
    expect((await json(await browser.call("POST", "/api/requests"))).id).toBe(draft.id);
    const id = draft.id;

    const complete = await fillPrivatoAtPrato(browser, id);
    expect(complete.state).toBe("dati-completi");
    expect(complete.price).toMatchObject({ amountCents: 5400, formatted: "54,00 €" });
    expect(JSON.stringify(complete)).not.toContain(ROUTE_PASSPHRASES.prato);

    const generated = await json(await browser.call("POST", `/api/requests/${id}/documents`));
    expect(generated.state).toBe("documenti-generati");
    expect(generated.documents.map((d) => d.kind)).toEqual(["modulo-richiesta", "condizioni"]);

    const form = await documentBytes(browser, id, "modulo-richiesta");
    expect(createHash("sha256").update(form).digest("hex")).toBe(generated.documents[0]?.sha256);

    // A document signed by another CNS holder is refused with the reason.
    const byOther = signWithCli(world, "second-holder", form, "cades");
    expect(
      await errorCode(
        await browser.call("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, byOther),
      ),
    ).toBe("ROUTE_UPLOAD_WRONG_SIGNER");
    // A modified document, even correctly signed by the holder, is refused.
    const changed = new Uint8Array(form);
    changed[changed.length - 10] = 0x20;
    const signedChanged = signWithCli(world, "holder-rsa", changed, "cades");
    expect(
      await errorCode(
        await browser.call("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, signedChanged),
      ),
    ).toBe("ROUTE_UPLOAD_CONTENT_CHANGED");
    // The unsigned PDF itself is not a signature.
    expect(
      await errorCode(
        await browser.call("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, form, {
          "content-type": "application/pdf",
        }),
      ),
    ).toBe("ROUTE_UPLOAD_NOT_SIGNED");
    expect(
      await errorCode(
        await browser.call("PUT", `/api/requests/${id}/documents/modulo-richiesta/signed`, form, {
          "content-type": "text/html",
        }),
      ),
    ).toBe("ROUTE_UPLOAD_TYPE");

    const afterForm = await json(
      await browser.call(
        "PUT",
        `/api/requests/${id}/documents/modulo-richiesta/signed`,
        signWithCli(world, "holder-rsa", form, "cades"),
      ),
    );
    expect(afterForm.state).toBe("documenti-generati");
    const conditions = await documentBytes(browser, id, "condizioni");
    const verified = await json(
      await browser.call(
        "PUT",
        `/api/requests/${id}/documents/condizioni/signed`,
        signWithCli(world, "holder-rsa", conditions, "pades"),
        {
          "content-type": "application/pdf",
        },
      ),
    );
    expect(verified.state).toBe("verificata");

    // No payment before the receipt holder is settled: changing it is fine now.
    await json(
      await browser.call("PUT", `/api/requests/${id}/receipt-holder`, {
        kind: "altro-soggetto",
        fiscalCode: "00743110157",
        name: "Rossi Srl",
      }),
    );
    const summary = await json<{
      lines: string[];
      amountCents: number;
      receiptHolder: string;
      receiptHolderLocked: boolean;
    }>(await browser.call("GET", `/api/requests/${id}/summary`));
    expect(summary.lines.join("\n")).toContain(holder.codiceFiscale);
    expect(summary.lines).toContain(`  Cognome e nome: ${holder.surname} ${holder.givenName}`);
    expect(summary.lines.join("\n")).toContain("Pistoia-Prato");
    expect(summary).toMatchObject({
      amountCents: 5400,
      receiptHolder: "Rossi Srl (00743110157)",
      receiptHolderLocked: false,
    });
    const paying = await json(await browser.call("POST", `/api/requests/${id}/payment`));
    expect(paying.state).toBe("pagamento-in-corso");
    const checkout = paying.payment?.checkoutUrl ?? "";
    expect(checkout).toMatch(/^http:\/\/pagopa\.test\/c\//);
    expect(
      await errorCode(await browser.call("PUT", `/api/requests/${id}/receipt-holder`, { kind: "titolare" })),
    ).toBe("PAGOPA_RECEIPT_HOLDER_CHANGED");
    expect(
      await errorCode(await browser.call("PUT", `/api/requests/${id}/device`, { device: "token" })),
    ).toBe("ROUTE_TRANSITION_REFUSED");

    // First attempt refused by the card: still waiting, nothing recorded.
    const refusedPay = await startPayment(system.pagopa.app, new URL(checkout).pathname);
    expect(await submitPayment(system.pagopa.app, refusedPay, REFUSED_CARD)).toContain("data-outcome");
    await system.pagopa.deliverDueReceipts();
    expect((await json(await browser.call("GET", `/api/requests/${id}`))).state).toBe("pagamento-in-corso");

    // Retry: the same notice in a new cart; the portal restarts meanwhile.
    const retry = await json(await browser.call("POST", `/api/requests/${id}/payment`));
    expect(retry.payment?.noticeNumber).toBe(paying.payment?.noticeNumber);
    system.restartPortal();
    const paid = await startPayment(system.pagopa.app, new URL(retry.payment?.checkoutUrl ?? "").pathname);
    await submitPayment(system.pagopa.app, paid, SUCCESS_CARD);
    await system.pagopa.deliverDueReceipts();
    await system.pagopa.deliverDueReceipts();

    // The session survived the restart too.
    const final = await json(await browser.call("GET", `/api/requests/${id}`));
    expect(final.state).toBe("pagata");
    expect(final.payment).toMatchObject({ paid: true, receiptHolderLocked: true });
    expect(final.nextSteps.join(" ")).toContain("ritirare");
    // The pickup date as people write it ("dal 26 novembre 2026"), never ISO.
    expect(final.nextSteps.join(" ")).toMatch(/ dal \d{1,2} [a-z]+ \d{4}\./);
    const again = await json(await browser.call("POST", `/api/requests/${id}/payment`));
    expect(again.state).toBe("pagata");
    const rows = system.portal.db
      .prepare("SELECT COUNT(*) AS n FROM payments WHERE receipt IS NOT NULL")
      .get() as { n: number };
    expect(rows.n).toBe(1);
  });

  it("applies the rules server-side: PEC, abroad, weak passphrase, Torino without smart card", async () => {
    const browser = await login("holder-ec");
    const { id } = await json(await browser.call("POST", "/api/requests"), 201);
    const put = (step: string, body: unknown) => browser.call("PUT", `/api/requests/${id}/${step}`, body);
    expect(
      await errorCode(await put("contacts", { email: "titolare@legalmail.it", mobile: "3331234567" })),
    ).toBe("ROUTE_EMAIL_PEC");
    expect(await errorCode(await put("passphrase", { passphrase: WEAK_PASSPHRASES.noUppercase }))).toBe(
      "ROUTE_PASSPHRASE_WEAK",
    );
    expect(await errorCode(await put("delivery", { method: "sportello" }))).toBe("ROUTE_INPUT_INVALID");
    await json(
      await put("requester", {
        type: "legale-rappresentante",
        partitaIva: "00743110157",
        rea: "TO-123456",
        registeredOfficeProvince: "TO",
        firstForCompany: true,
      }),
    );
    expect(
      await errorCode(
        await put("delivery", { method: "spedizione", address: { ...SHIPPING, country: "FR" } }),
      ),
    ).toBe("ROUTE_ADDRESS_ABROAD");
    expect(await errorCode(await put("device", { device: "smart-card" }))).toBe("ROUTE_DEVICE_NOT_OFFERED");
    const token = await json(await put("device", { device: "token" }));
    expect(token.price?.amountCents).toBe(7000);
    expect(
      await errorCode(await put("requester", { type: "privato", residenceProvince: "PO", admin: true })),
    ).toBe("ROUTE_INPUT_INVALID");
    expect(await errorCode(await browser.call("POST", `/api/requests/${id}/documents`))).toBe(
      "ROUTE_TRANSITION_REFUSED",
    );
    expect(await errorCode(await browser.call("PUT", `/api/requests/${id}/contacts`, "{not json"))).toBe(
      "ROUTE_INPUT_INVALID",
    );
    const huge = await browser.call(
      "PUT",
      `/api/requests/${id}/documents/modulo-richiesta/signed`,
      new Uint8Array(20 * 1024 * 1024 + 1),
    );
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe("ROUTE_UPLOAD_TOO_LARGE");
    const cancelled = await json(await browser.call("POST", `/api/requests/${id}/cancel`));
    expect(cancelled.state).toBe("annullata");
  });

  it("answers the receipt endpoint only with a valid HMAC", async () => {
    const response = await system.portal.app.request("/pagopa/receipts", {
      method: "POST",
      headers: { "content-type": "application/json", "x-pagopa-signature": "t=1,v1=00" },
      body: "{}",
    });
    expect(response.status).toBe(401);
  });
});
