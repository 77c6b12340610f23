import {
  isTerminal,
  type RequestState,
  type RequestView,
  resolveReferenceChamber,
  validateContacts,
} from "@cns-bridge/shared";
import { vi } from "vitest";
import { type PortalClient, PortalError } from "../portal-client.js";
import type { RouteDeps } from "./route-deps.js";

export const holder = { codiceFiscale: "RSSMRA80A01H501U", givenName: "MARIO", surname: "ROSSI" };

export const draft: RequestView = {
  id: "r1",
  state: "bozza",
  stateLabel: "bozza",
  holder,
  data: { passphraseSet: false, receiptHolder: { kind: "titolare" } },
  missing: [],
  documents: [],
  price: null,
  payment: null,
  nextSteps: [],
};

/** A view at a Chamber, with the requester set (privato resident in `province`). */
export function atChamber(province: string, state: RequestState = "bozza"): RequestView {
  const { chamber } = resolveReferenceChamber({ type: "privato", residenceProvince: province });
  return {
    ...draft,
    state,
    data: {
      ...draft.data,
      requester: { type: "privato", residenceProvince: province },
      chamberId: chamber.id,
    },
  };
}

const sessionRequired = () =>
  new PortalError("ROUTE_SESSION_REQUIRED", "Sessione assente o scaduta: accedi di nuovo.", 401);
const notFound = () => new PortalError("ROUTE_REQUEST_NOT_FOUND", "Richiesta non trovata.", 404);

/**
 * An in-memory portal for the wizard's component tests: a session, one request, the data steps
 * applying the shared rules as the real portal does. Every call is a vi.fn, to see what was sent.
 */
export function fakePortal(
  options: { loggedIn?: boolean; view?: RequestView | null; last?: RequestView } = {},
) {
  let loggedIn = options.loggedIn ?? false;
  let view: RequestView | null = options.view ?? null;
  const update = (data: Partial<RequestView["data"]>, state?: RequestState) => {
    if (view === null) throw notFound();
    view = { ...view, data: { ...view.data, ...data }, state: state ?? view.state };
    return view;
  };
  const client = {
    origin: "http://127.0.0.1:8091",
    challenge: vi.fn(async () => ({ challengeId: "c1", nonce: "n".repeat(43) + "=", issuedAt: 0 })),
    login: vi.fn(async () => {
      loggedIn = true;
      return holder;
    }),
    me: vi.fn(async () => {
      if (!loggedIn) throw sessionRequired();
      return holder;
    }),
    logout: vi.fn(async () => {
      loggedIn = false;
    }),
    openRequest: vi.fn(async () => (view ??= { ...draft })),
    current: vi.fn(async () => {
      if (!loggedIn) throw sessionRequired();
      if (view === null || isTerminal(view.state)) throw notFound();
      return view;
    }),
    get: vi.fn(async (id: string) => {
      const found = view?.id === id ? view : options.last?.id === id ? options.last : null;
      if (found === null) throw notFound();
      return found;
    }),
    setRequester: vi.fn(async () => view ?? draft),
    setContacts: vi.fn(async (_id: string, body: { email: string; mobile: string }) =>
      update({ contacts: validateContacts(body) }),
    ),
    setPassphrase: vi.fn(async () => update({ passphraseSet: true })),
    setDelivery: vi.fn(async () => view ?? draft),
    setDevice: vi.fn(async () => view ?? draft),
    setReceiptHolder: vi.fn(async () => view ?? draft),
    cancel: vi.fn(async () => view ?? draft),
    generateDocuments: vi.fn(async () => view ?? draft),
    downloadDocument: vi.fn(async () => new Uint8Array([1, 2, 3])),
    downloadNotice: vi.fn(async () => new Uint8Array([1])),
    uploadSigned: vi.fn(async () => view ?? draft),
    summary: vi.fn(async () => ({
      lines: [],
      amountCents: 0,
      receiptHolder: "",
      receiptHolderLocked: false,
    })),
    startPayment: vi.fn(async () => view ?? draft),
  } satisfies PortalClient;
  return {
    client,
    get view() {
      return view;
    },
  };
}

/** The wizard's dependencies around a fake portal; `ask` plays the background. */
export function fakeDeps(
  client: PortalClient,
  ask = vi.fn(async () => ({ format: "auth-token" })),
  pollMs = 60_000,
) {
  let last: string | null = null;
  const deps: RouteDeps = {
    client,
    ask: ask as unknown as RouteDeps["ask"],
    openTab: vi.fn(),
    reconnect: vi.fn(),
    digest: async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes))),
    lastRequest: {
      get: async () => last,
      set: async (id) => {
        last = id;
      },
    },
    pollMs,
  };
  return { deps, ask, setLast: (id: string | null) => (last = id) };
}
