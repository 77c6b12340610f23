import type { AgentConnection } from "../agent/agent-connection.js";
import type { DialogBroker } from "../dialogs/dialog-broker.js";
import type { SitePermissionStore } from "../site-access/site-permissions.js";

/** What the background's actions need, handed in so each can be tested with fakes. */
export interface CnsContext {
  readonly connection: Pick<AgentConnection, "status" | "request" | "refreshTokens">;
  readonly dialogs: DialogBroker;
  readonly sitePermissions: SitePermissionStore;
  readonly developerMode: () => Promise<boolean>;
  readonly extensionVersion: string;
}
