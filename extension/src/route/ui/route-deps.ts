import type { RequestView } from "@cns-bridge/shared";
import type { PortalClient } from "../portal-client.js";
import type { AskBackground } from "../sign-batch.js";

/** What the wizard needs from outside, handed in so the steps can be tested with fakes. */
export interface RouteDeps {
  readonly client: PortalClient;
  readonly ask: AskBackground;
  /** Opens pagoPA's Checkout (a new tab). */
  readonly openTab: (url: string) => void;
  /** Asks the background to reconnect to the agent now. */
  readonly reconnect: () => void;
  readonly digest: (bytes: Uint8Array) => Promise<Uint8Array>;
  /** The id of the last request, kept to show its final status once it is closed. */
  readonly lastRequest: {
    get(): Promise<string | null>;
    set(id: string | null): Promise<void>;
  };
  /** How often the payment and status steps ask the portal for news. */
  readonly pollMs: number;
}

/** What every step that works on the request receives. */
export interface StepProps {
  readonly deps: RouteDeps;
  readonly view: RequestView;
  readonly onView: (view: RequestView) => void;
}
