import type { RequestView } from "@cns-bridge/shared";
import { useEffect, useRef } from "preact/hooks";
import type { RouteDeps } from "./route-deps.js";

/**
 * Asks the portal for the request every `deps.pollMs` and reports a changed view: the payment's
 * outcome comes from pagoPA's receipt to the portal, never from the browser coming back from
 * Checkout, so the wizard only watches the portal. Failed polls are ignored (the next one retries).
 */
export function usePoll(deps: RouteDeps, view: RequestView, onView: (view: RequestView) => void): void {
  const latest = useRef(view);
  latest.current = view;
  const report = useRef(onView);
  report.current = onView;
  useEffect(() => {
    const timer = setInterval(() => {
      deps.client.get(latest.current.id).then(
        (next) => {
          if (JSON.stringify(next) !== JSON.stringify(latest.current)) report.current(next);
        },
        () => undefined,
      );
    }, deps.pollMs);
    return () => clearInterval(timer);
  }, [deps, view.id]);
}
