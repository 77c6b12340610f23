import { PortalError, type PortalClient } from "../portal-client.js";

/**
 * The portal client, reporting when the portal says the session is gone (expired, or the portal
 * restarted): the wizard then goes back to the login and, after it, resumes the same request.
 */
export function guardSession(client: PortalClient, onLost: (error: PortalError) => void): PortalClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || key === "login" || key === "challenge") return value;
      return async (...args: unknown[]) => {
        try {
          return (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        } catch (error) {
          if (error instanceof PortalError && error.code === "ROUTE_SESSION_REQUIRED") onLost(error);
          throw error;
        }
      };
    },
  });
}
