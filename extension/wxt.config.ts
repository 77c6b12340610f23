import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

/**
 * Public half of the development signing key: it fixes the Chrome extension id
 * (ibjopldpmkdpncckfnebdohilediokme, see DEVELOPMENT_EXTENSION_ID in shared/page-api) so the
 * agent can allow it by default. The private half was never kept; store builds get their own id.
 */
const DEVELOPMENT_PUBLIC_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzUjDXeiTq7Vu6+THRL1Ny577+kvbnhusq+dhkghzeEv+ZAVhAZS+OOJIMfDEAe4z3Xt234sDcxAY0jP7LPb0fP5sW/7MFBRcAlt7OJvb8YM/AN8TJDWCpkvJdJdTXkZI2zcSY6Oxc8wx103XV3Y/PfFkCbBe7m8vHN/SF4YxNZmsgawm6tM/iHvjbGaWBSszXudXfteXNCSirRX1/hah6gfCtTUE2gKFBQPzKG0TBy8jkHoeHHN2b4HGzU+eswMDRiLmvKH2uEGURXDQrxo2cwjJWiG+2MttXUJnLqE2zLvKJ3rJ4k+T7b7yfKd0VXbRSKPKfYokE6IUzuqtqSMTzwIDAQAB";

/** The agent listens on loopback only; any port the holder configures is covered. */
const AGENT_HOST_PERMISSIONS = ["ws://127.0.0.1/*", "ws://localhost/*"];

/**
 * The route wizard's request portal: the sandbox on loopback out of the box; any https portal
 * the holder sets in the options is asked for there (optional permission).
 */
const PORTAL_HOST_PERMISSIONS = ["http://127.0.0.1/*", "http://localhost/*"];
const PORTAL_OPTIONAL_PERMISSIONS = ["https://*/*"];

export default defineConfig({
  // Explicit imports everywhere: modules stay plain TypeScript that vitest loads without WXT.
  imports: false,
  // The preset is typed against the root vite, WXT bundles its own copy: same plugin API at runtime.
  vite: () => ({ plugins: [preact() as never] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: "__MSG_extensionName__",
    description: "__MSG_extensionDescription__",
    default_locale: "it",
    permissions: ["storage", "contextMenus", "downloads"],
    host_permissions: [...AGENT_HOST_PERMISSIONS, ...PORTAL_HOST_PERMISSIONS],
    ...(manifestVersion === 2
      ? { optional_permissions: PORTAL_OPTIONAL_PERMISSIONS }
      : { optional_host_permissions: PORTAL_OPTIONAL_PERMISSIONS }),
    action: { default_title: "__MSG_extensionName__" },
    ...(browser === "firefox"
      ? {
          browser_specific_settings: {
            gecko: {
              id: "cns-bridge@cns-bridge.dev",
              strict_min_version: "140.0",
              data_collection_permissions: { required: ["none"] },
            },
            gecko_android: { strict_min_version: "142.0" },
          },
          // Firefox's default MV3 policy adds upgrade-insecure-requests, which turns the agent's
          // ws://127.0.0.1 into wss:// and the connection fails: the same policy without it.
          ...(manifestVersion === 3
            ? { content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } }
            : {}),
        }
      : { key: DEVELOPMENT_PUBLIC_KEY }),
  }),
});
