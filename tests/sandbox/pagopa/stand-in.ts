import { isValidCreditorFiscalCode } from "@cns-bridge/shared";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { registerCartsApi } from "./carts-api.js";
import { registerCheckoutPages } from "./checkout-pages.js";
import { openStandInDatabase, type StandInDatabase } from "./database.js";
import { registerGpdApi } from "./gpd-api.js";
import { problem } from "./problem.js";
import { registerPspSimulatorApi } from "./psp-simulator-api.js";
import {
  createReceiptDelivery,
  DEFAULT_RETRY,
  type DeliveryReport,
  type RetryPolicy,
} from "./receipt-delivery.js";
import { registerReceiptsApi } from "./receipts-api.js";

export const creditorCallbacksSchema = z.record(
  z.string().refine(isValidCreditorFiscalCode, "not a creditor fiscal code"),
  z.object({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(32) }),
);
export type CreditorCallbacks = z.infer<typeof creditorCallbacksSchema>;

export interface PagopaStandInOptions {
  /** SQLite file holding every position, cart, payment and receipt; ":memory:" for throwaway runs. */
  readonly dbPath: string;
  /** Receipt endpoint and HMAC secret of each creditor, by creditor fiscal code. */
  readonly creditorCallbacks: CreditorCallbacks;
  /** Base URL of the checkout pages in the carts' Location; default: the origin of the request. */
  readonly publicUrl?: string;
  /** When set, the creditor APIs (carts, GPD) want it in `Ocp-Apim-Subscription-Key`. */
  readonly apiKey?: string;
  readonly clock?: () => Date;
  readonly fetch?: typeof fetch;
  readonly retry?: Partial<RetryPolicy>;
  /** Seconds before the outcome page returns the browser to the creditor (default 10; 0: button only). */
  readonly autoReturnSeconds?: number;
  /** How often pending receipts are retried; 0 leaves delivery to `deliverDueReceipts()`. */
  readonly deliveryIntervalMs?: number;
}

export interface PagopaStandIn {
  readonly app: Hono;
  readonly db: StandInDatabase;
  /** Sends the receipts whose turn has come, now. */
  deliverDueReceipts(): Promise<DeliveryReport>;
  /** Stops the delivery timer, waits for a delivery under way, closes the database. */
  close(): Promise<void>;
}

/**
 * A local pagoPA: Checkout's cart API and pages, the GPD debt positions, the receipts, with
 * the node's rules on notice states and locks. Start it in-process (`app.request`, or serve
 * `app.fetch`) or as a process with `npm run sandbox:pagopa`.
 */
export function createPagopaStandIn(options: PagopaStandInOptions): PagopaStandIn {
  const callbacks = creditorCallbacksSchema.parse(options.creditorCallbacks);
  const clock = options.clock ?? (() => new Date());
  const db = openStandInDatabase(options.dbPath);
  const delivery = createReceiptDelivery(db, callbacks, options.fetch ?? fetch, clock, {
    ...DEFAULT_RETRY,
    ...options.retry,
  });
  const app = new Hono();

  // Carts, positions and forms are small: anything bigger is refused before it is read.
  app.use(
    "*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({ type: "about:blank", title: "Payload Too Large", status: 413 }, 413),
    }),
  );
  // The creditor-facing APIs want the subscription key when one is configured; the payer's
  // pages and receipts do not (a browser has no key).
  const requireKey: MiddlewareHandler = async (c, next) => {
    if (options.apiKey !== undefined && c.req.header("ocp-apim-subscription-key") !== options.apiKey) {
      return problem(c, 401, "Unauthorized", "wrong or missing subscription key");
    }
    return next();
  };
  app.use("/checkout/ec/*", requireKey);
  app.use("/gpd/*", requireKey);
  app.use("/sandbox/*", requireKey);

  registerCartsApi(app, { db, clock, publicUrl: options.publicUrl });
  registerGpdApi(app, { db, clock });
  registerReceiptsApi(app, db);
  const paymentContext = () => ({ now: clock(), stationId: (organization: string) => `${organization}_01` });
  const onPaid = () => {
    delivery
      .deliverDue()
      .catch((error: unknown) => console.error("[pagopa stand-in] receipt delivery failed", error));
  };
  registerCheckoutPages(app, {
    db,
    clock,
    paymentContext,
    onPaid,
    autoReturnSeconds: options.autoReturnSeconds ?? 10,
  });
  registerPspSimulatorApi(app, { db, paymentContext, onPaid });
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.onError((error, c) => {
    console.error("[pagopa stand-in]", error);
    return problem(c, 500, "Internal Server Error", "unexpected error");
  });

  delivery.start(options.deliveryIntervalMs ?? 1_000);
  return {
    app,
    db,
    deliverDueReceipts: () => delivery.deliverDue(),
    async close() {
      await delivery.stop();
      db.close();
    },
  };
}
