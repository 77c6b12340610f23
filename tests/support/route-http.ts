import { type RequestView, requestViewSchema } from "@cns-bridge/shared";

/**
 * A browser-like client of a running sandbox portal over HTTP: keeps the session cookie, as the
 * wizard's page does. Answers are returned raw so tests check status and error codes themselves.
 */
export class PortalHttpClient {
  #cookie: string;
  /** `cookie`: a session taken over from elsewhere, e.g. the browser's (`name=value`). */
  constructor(
    readonly origin: string,
    cookie = "",
  ) {
    this.#cookie = cookie;
  }

  get cookie(): string {
    return this.#cookie;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const isBytes = body instanceof Uint8Array;
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...(this.#cookie === "" ? {} : { cookie: this.#cookie }),
        ...(body === undefined
          ? {}
          : { "content-type": isBytes ? "application/pkcs7-mime" : "application/json" }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: isBytes ? new Uint8Array(body) : typeof body === "string" ? body : JSON.stringify(body) }),
      redirect: "manual",
    });
    const set = response.headers.get("set-cookie");
    if (set !== null) this.#cookie = set.split(";")[0] ?? "";
    return response;
  }

  /** A call that must answer 2xx with a RequestView. */
  async view(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const response = await this.call(method, path, body, headers);
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return requestViewSchema.parse(json);
  }

  /** A call that must fail: returns the stable error code. */
  async errorCode(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const response = await this.call(method, path, body, headers);
    const json = (await response.json()) as { error?: { code?: string; message?: string } };
    if (response.ok || json.error?.message === undefined || json.error.message === "") {
      throw new Error(
        `${method} ${path}: expected a coded error, got ${response.status} ${JSON.stringify(json)}`,
      );
    }
    return json.error.code ?? "";
  }

  /** The holder's open request, or null (404) when there is none. */
  async current(): Promise<RequestView | null> {
    const response = await this.call("GET", "/api/requests/current");
    if (response.status === 404) return null;
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`current request: ${response.status} ${JSON.stringify(json)}`);
    return requestViewSchema.parse(json);
  }
}

export interface CheckoutCard {
  readonly number: string;
  readonly expiry: string;
  readonly cvv: string;
  readonly holder: string;
}

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}

/**
 * Walks the pagoPA stand-in's Checkout pages over HTTP as a payer would (email, card, pay) and
 * returns the outcome shown (`data-outcome`: success, refused...), or the fault code the cart page
 * shows when the notice cannot be paid (PAA_PAGAMENTO_DUPLICATO, PPT_PAGAMENTO_IN_CORSO...).
 */
export async function payOnCheckout(checkoutUrl: string, card: CheckoutCard, email: string) {
  const cart = new URL(checkoutUrl);
  const page = await (await fetch(cart)).text();
  const fault = /\b(PAA_[A-Z_]+|PPT_[A-Z_]+)\b/.exec(page)?.[1];
  if (fault !== undefined) return { outcome: undefined, fault };
  const emailStep = await postForm(`${cart.href}/email`, { email });
  if (emailStep.status !== 303) throw new Error(`checkout email step: ${emailStep.status}`);
  const method = await postForm(`${cart.href}/metodo`, { method: "card" });
  const payPath = method.headers.get("location");
  if (method.status !== 303 || payPath === null || !payPath.includes("/paga/")) {
    const text = await method.text();
    return {
      outcome: undefined,
      fault: /\b(PAA_[A-Z_]+|PPT_[A-Z_]+)\b/.exec(text)?.[1] ?? `HTTP ${method.status}`,
    };
  }
  const paid = await postForm(new URL(payPath, cart).href, { action: "pay", ...card });
  const outcomePath = paid.headers.get("location");
  if (paid.status !== 303 || outcomePath === null) throw new Error(`checkout pay step: ${paid.status}`);
  const outcomePage = await (await fetch(new URL(outcomePath, cart))).text();
  return { outcome: /data-outcome="([a-z]+)"/.exec(outcomePage)?.[1], fault: undefined };
}
