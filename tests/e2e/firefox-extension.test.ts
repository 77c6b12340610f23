import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentLogger } from "../../agent/src/logging/logger.js";
import { openPkcs11Module } from "../../agent/src/pkcs11/pkcs11js-module.js";
import {
  DEFAULT_AGENT_PORT,
  type RunningAgentServer,
  startAgentServer,
} from "../../agent/src/server/agent-server.js";
import { signDocumentFile, signDocumentInMemory } from "../../agent/src/service/sign-document-file.js";
import { TokenService } from "../../agent/src/service/token-service.js";
import { KEEP_AWAKE_MS } from "../../extension/src/background/keep-awake.js";
import {
  createSoftHsmTestToken,
  SOFTHSM_MODULE,
  type SoftHsmTestToken,
} from "../agent/support/softhsm-test-token.js";
import {
  firefoxAvailable,
  type FirefoxSession,
  launchFirefox,
  writeFirefoxProfile,
} from "./support/firefox-bidi.js";

const GECKO_ID = "cns-bridge@cns-bridge.dev";
/** Fixed through `extensions.webextensions.uuids`, so the agent can allow exactly this origin. */
const EXTENSION_UUID = "5f0c3f0e-3c59-4b8e-9a7e-0c2b1c1e7a11";
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Firefox suspends an idle MV3 background after 30 s; the profile shortens that (still above the
 * extension's KEEP_AWAKE_MS) so the test sees an idle period go by without waiting half a minute.
 */
const IDLE_TIMEOUT_MS = KEEP_AWAKE_MS + 5000;

interface Health {
  extensionConnections: number;
}

/**
 * The Firefox builds run in Debian's Firefox ESR, headless, driven over WebDriver BiDi (Firefox's
 * own protocol: no Playwright-patched browser needed). Each build is installed as a temporary
 * add-on (no signature needed) in a fresh profile; its background connects to the agent on the
 * default port (BiDi may not open moz-extension pages, so the test cannot change the options), and
 * the agent, which allows only this moz-extension origin, counts the connection in /health, also
 * after Firefox's idle timeout has passed (an MV3 background is an event page Firefox suspends).
 */
describe.skipIf(!firefoxAvailable)(
  "the Firefox builds in firefox-esr with the agent on a SoftHSM2 CNS",
  () => {
    let token: SoftHsmTestToken;
    let service: TokenService;
    let agent: RunningAgentServer;

    const connections = async (): Promise<number> =>
      ((await (await fetch(`http://127.0.0.1:${agent.port}/health`)).json()) as Health).extensionConnections;

    beforeAll(async () => {
      token = createSoftHsmTestToken("CNS FIREFOX");
      process.env.SOFTHSM2_CONF = token.softhsm2Conf;
      service = new TokenService({
        module: openPkcs11Module(SOFTHSM_MODULE),
        logger: createAgentLogger({ level: "silent" }),
        pollIntervalMs: 500,
        signDocumentFile,
        signDocumentInMemory,
      });
      agent = await startAgentServer({
        port: DEFAULT_AGENT_PORT,
        allowedOrigins: [EXTENSION_ORIGIN],
        service,
        logger: createAgentLogger({ level: "silent" }),
      }).catch((error: unknown) => {
        throw new Error(
          `the Firefox test needs the agent's default port ${DEFAULT_AGENT_PORT}, where a freshly installed ` +
            "extension connects: is another cns-agent (npm start) running?",
          { cause: error },
        );
      });
    }, 120_000);

    afterAll(async () => {
      await agent?.close();
      await service?.close();
      token?.remove();
    });

    describe.each(["firefox-mv2", "firefox-mv3"])("the %s build", (build) => {
      let firefox: (FirefoxSession & { log: () => string }) | undefined;
      let profileDir: string;

      beforeAll(async () => {
        profileDir = mkdtempSync(join(tmpdir(), `cns-bridge-${build}-`));
        writeFirefoxProfile(
          profileDir,
          { [GECKO_ID]: EXTENSION_UUID },
          { "extensions.background.idle.timeout": IDLE_TIMEOUT_MS },
        );
        firefox = await launchFirefox(profileDir);
      }, 120_000);

      afterAll(async () => {
        await firefox?.close();
        rmSync(profileDir, { recursive: true, force: true });
      });

      it("installs, connects to the agent from its moz-extension origin and stays connected when idle", async () => {
        const session = firefox as FirefoxSession & { log: () => string };
        expect(await connections()).toBe(0);
        const extensionDir = fileURLToPath(new URL(`../../extension/.output/${build}/`, import.meta.url));
        const installed = await session.send<{ extension: string }>("webExtension.install", {
          extensionData: { type: "path", path: extensionDir },
        });
        expect(installed.extension).toBe(GECKO_ID);
        await expect
          .poll(connections, { timeout: 30_000, message: `no connection from ${build}:\n${session.log()}` })
          .toBeGreaterThanOrEqual(1);

        // Still connected after more than one of Firefox's idle periods: the background stays awake.
        await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS + 5000));
        expect(await connections(), `${build} dropped the agent after an idle period`).toBeGreaterThanOrEqual(
          1,
        );

        await session.send("webExtension.uninstall", { extension: installed.extension });
        await expect.poll(connections, { timeout: 15_000 }).toBe(0);
      }, 120_000);
    });
  },
);
