import { isTerminal, type RequestView } from "@cns-bridge/shared";
import { PortalError, type PortalClient, type PortalHolder } from "../portal-client.js";

/** Where the route stands on the portal: who is logged in, and the request being worked on. */
export interface RouteSession {
  readonly holder: PortalHolder | null;
  readonly view: RequestView | null;
  /** The holder confirmed the codice fiscale (an open request exists only after that). */
  readonly cfConfirmed: boolean;
}

export const SIGNED_OUT: RouteSession = { holder: null, view: null, cfConfirmed: false };

const isPortalCode = (error: unknown, code: string) => error instanceof PortalError && error.code === code;

/**
 * Picks the route up from the portal's state alone, so it resumes after the browser or the
 * agent restarted: the session (cookie), then the open request, else the last request if it
 * has ended (to show its outcome). Nothing of the route is kept in the extension but that id.
 */
export async function resumeRoute(
  client: Pick<PortalClient, "me" | "current" | "get">,
  lastRequestId: string | null,
): Promise<RouteSession> {
  let holder: PortalHolder;
  try {
    holder = await client.me();
  } catch (error) {
    if (isPortalCode(error, "ROUTE_SESSION_REQUIRED")) return SIGNED_OUT;
    throw error;
  }
  try {
    return { holder, view: await client.current(), cfConfirmed: true };
  } catch (error) {
    if (!isPortalCode(error, "ROUTE_REQUEST_NOT_FOUND")) throw error;
  }
  if (lastRequestId !== null) {
    try {
      const last = await client.get(lastRequestId);
      if (isTerminal(last.state)) return { holder, view: last, cfConfirmed: false };
    } catch (error) {
      if (!isPortalCode(error, "ROUTE_REQUEST_NOT_FOUND")) throw error;
    }
  }
  return { holder, view: null, cfConfirmed: false };
}
