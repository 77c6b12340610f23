import type { RequestView } from "@cns-bridge/shared";
import { describe, expect, it } from "vitest";
import { createPortalClient, PortalError } from "./portal-client.js";

const draftView: RequestView = {
  id: "r1",
  state: "bozza",
  stateLabel: "Bozza",
  holder: { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" },
  data: { passphraseSet: false, receiptHolder: { kind: "titolare" } },
  missing: ["requester"],
  documents: [],
  price: null,
  payment: null,
  nextSteps: [],
};

type Call = { url: string; init: RequestInit | undefined };

function fakeFetch(reply: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init };
    calls.push(call);
    return reply(call);
  }) as typeof fetch;
  return { impl, calls };
}

const jsonReply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function failure(promise: Promise<unknown>): Promise<PortalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PortalError) return error;
    throw error;
  }
  throw new Error("expected a PortalError");
}

describe("portal client", () => {
  it("sends a step as JSON with the session cookie and returns the validated view", async () => {
    const fake = fakeFetch(() => jsonReply(200, draftView));
    const client = createPortalClient("http://127.0.0.1:8091/some/page", fake.impl);
    const view = await client.setContacts("r1", { email: "mario@example.it", mobile: "+393331234567" });
    expect(view.id).toBe("r1");
    expect(fake.calls[0]?.url).toBe("http://127.0.0.1:8091/api/requests/r1/contacts");
    expect(fake.calls[0]?.init?.method).toBe("PUT");
    expect(fake.calls[0]?.init?.credentials).toBe("include");
    expect(JSON.parse(String(fake.calls[0]?.init?.body))).toEqual({
      email: "mario@example.it",
      mobile: "+393331234567",
    });
  });

  it("turns the portal's error reply into a PortalError with its code and Italian message", async () => {
    const fake = fakeFetch(() =>
      jsonReply(422, {
        error: { code: "ROUTE_EMAIL_PEC", message: "Usa la tua email personale, non una PEC.", params: {} },
      }),
    );
    const client = createPortalClient("http://127.0.0.1:8091", fake.impl);
    const error = await failure(client.setContacts("r1", { email: "m@pec.it", mobile: "3331234567" }));
    expect(error.code).toBe("ROUTE_EMAIL_PEC");
    expect(error.status).toBe(422);
    expect(error.message).toContain("PEC");
  });

  it("refuses a reply that does not match the schema", async () => {
    const fake = fakeFetch(() => jsonReply(200, { ...draftView, state: "inventato" }));
    const error = await failure(createPortalClient("http://127.0.0.1:8091", fake.impl).current());
    expect(error.code).toBe("PORTAL_REPLY_INVALID");
  });

  it("refuses an error reply that is not the portal's shape, and a body that is not JSON", async () => {
    const client1 = createPortalClient(
      "http://127.0.0.1:8091",
      fakeFetch(() => jsonReply(500, { oops: 1 })).impl,
    );
    expect((await failure(client1.current())).code).toBe("PORTAL_REPLY_INVALID");
    const client2 = createPortalClient(
      "http://127.0.0.1:8091",
      fakeFetch(() => new Response("<html>", { status: 200 })).impl,
    );
    expect((await failure(client2.current())).code).toBe("PORTAL_REPLY_INVALID");
  });

  it("says the portal is unreachable when fetch fails, with what to do", async () => {
    const impl = (() => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch;
    const error = await failure(createPortalClient("http://127.0.0.1:8091", impl).challenge());
    expect(error.code).toBe("PORTAL_UNREACHABLE");
    expect(error.message).toMatch(/riprova/i);
  });

  it("logs in with the token and the challenge id, returning the holder", async () => {
    const fake = fakeFetch((call) =>
      call.url.endsWith("/api/challenge")
        ? jsonReply(200, { challengeId: "c1", nonce: "bm9uY2U", issuedAt: 1 })
        : jsonReply(200, { holder: draftView.holder }),
    );
    const client = createPortalClient("http://127.0.0.1:8091", fake.impl);
    const challenge = await client.challenge();
    const holder = await client.login({ signature: "x" }, challenge.challengeId);
    expect(holder.codiceFiscale).toBe("RSSMRA80A01H501U");
    expect(JSON.parse(String(fake.calls[1]?.init?.body))).toEqual({
      token: { signature: "x" },
      challengeId: "c1",
    });
  });

  it("uploads signed bytes as pkcs7-mime and downloads a document's bytes", async () => {
    const fake = fakeFetch((call) =>
      call.init?.method === "PUT"
        ? jsonReply(200, draftView)
        : new Response(new Uint8Array([37, 80, 68, 70]), { status: 200 }),
    );
    const client = createPortalClient("http://127.0.0.1:8091", fake.impl);
    const pdf = await client.downloadDocument("r1", "condizioni");
    expect(Array.from(pdf)).toEqual([37, 80, 68, 70]);
    await client.uploadSigned("r1", "condizioni", new Uint8Array([1, 2]));
    const headers = fake.calls[1]?.init?.headers as Record<string, string>;
    expect(headers["content-type"]).toBe("application/pkcs7-mime");
    expect(fake.calls[1]?.url).toBe("http://127.0.0.1:8091/api/requests/r1/documents/condizioni/signed");
  });
});
