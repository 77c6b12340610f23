import { storage } from "wxt/utils/storage";
import { DEFAULT_PORTAL_ORIGIN, parsePortalOrigin } from "./route/portal-origin.js";

/** Every setting and piece of state the extension keeps, with its default: one place, nothing else in storage. */

export const DEFAULT_AGENT_PORT = 45927;

/** The agent's loopback port (options page). */
export const agentPortItem = storage.defineItem<number>("local:agentPort", { fallback: DEFAULT_AGENT_PORT });

export type SiteDecision = "allowed" | "denied";

/** Per-site decision of the holder, keyed by origin; asked on first use, revocable in the options. */
export const sitePermissionsItem = storage.defineItem<Record<string, SiteDecision>>("local:sitePermissions", {
  fallback: {},
});

/** Developer mode: the page API also answers http://localhost and http://127.0.0.1. */
export const developerModeItem = storage.defineItem<boolean>("local:developerMode", { fallback: false });

export type LanguageSetting = "auto" | "it" | "en";
export const languageItem = storage.defineItem<LanguageSetting>("local:language", { fallback: "auto" });

/** The small "Firma e allega" button next to file inputs (off by default; the context menu is always there). */
export const attachButtonItem = storage.defineItem<boolean>("local:attachButton", { fallback: false });

/** Whether the popup shows the whole codice fiscale (masked by default). */
export const showCodiceFiscaleItem = storage.defineItem<boolean>("local:showCodiceFiscale", {
  fallback: false,
});

/**
 * The request portal of the "Richiedi nuovo dispositivo" wizard (options page). The background
 * authenticates only for this origin; set it only through `parsePortalOrigin`.
 */
export const portalOriginItem = storage.defineItem<string>("local:portalOrigin", {
  fallback: DEFAULT_PORTAL_ORIGIN,
});

/** The configured portal origin, checked again on every read (storage can be edited by hand). */
export async function configuredPortalOrigin(): Promise<string> {
  return parsePortalOrigin(await portalOriginItem.getValue());
}

/**
 * The id of the last route request (a random id, no personal data), only to show its outcome
 * once it has ended; everything else about the request stays on the portal.
 */
export const lastRouteRequestItem = storage.defineItem<string | null>("local:lastRouteRequest", {
  fallback: null,
});
