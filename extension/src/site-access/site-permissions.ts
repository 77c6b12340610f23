import { CnsBridgeError } from "@cns-bridge/shared";
import type { SiteDecision } from "../storage-items.js";

export interface SitePermissionStore {
  getValue(): Promise<Record<string, SiteDecision>>;
  setValue(value: Record<string, SiteDecision>): Promise<void>;
}

/**
 * Lets a site use the CNS only after the holder said yes once; a "no" is remembered too, so a
 * site cannot pester with dialogs. Both are listed and revocable in the options page.
 */
export async function ensureSiteAllowed(
  origin: string,
  store: SitePermissionStore,
  askHolder: (origin: string) => Promise<boolean>,
): Promise<void> {
  const decisions = await store.getValue();
  const known = decisions[origin];
  if (known === "allowed") return;
  if (known === "denied") throw new CnsBridgeError("SITE_NOT_ALLOWED", { origin });
  const allowed = await askHolder(origin);
  await store.setValue({ ...(await store.getValue()), [origin]: allowed ? "allowed" : "denied" });
  if (!allowed) throw new CnsBridgeError("SITE_NOT_ALLOWED", { origin });
}

export async function forgetSite(origin: string, store: SitePermissionStore): Promise<void> {
  const decisions = Object.entries(await store.getValue()).filter(([site]) => site !== origin);
  await store.setValue(Object.fromEntries(decisions));
}
