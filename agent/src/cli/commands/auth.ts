import { CnsBridgeError, originSchema } from "@cns-bridge/shared";
import { createAgentLogger } from "../../logging/logger.js";
import { TokenService } from "../../service/token-service.js";
import { findTokenSlot } from "../../tokens/token-directory.js";
import { type CliCommand, stringOption } from "../command.js";
import { EXIT } from "../exit-codes.js";

/**
 * `cns-agent auth --origin ORIGIN --nonce NONCE --pin-stdin`: the auth token the extension would
 * hand to ORIGIN for this challenge, for portal developers and tests. Same code path as the
 * WebSocket `auth.sign`.
 */
export const authCommand: CliCommand = {
  name: "auth",
  summary: {
    it: "Firma una sfida di autenticazione per un sito con il certificato di autenticazione.",
    en: "Sign an authentication challenge for a site with the authentication certificate.",
  },
  usage: "--origin ORIGIN --nonce NONCE [--token LABEL] --pin-stdin [--json]",
  options: {
    origin: { type: "string" },
    nonce: { type: "string" },
  },
  async run(context) {
    const origin = stringOption(context.options, "origin");
    const nonce = stringOption(context.options, "nonce");
    if (origin === undefined || !originSchema.safeParse(origin).success) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: "--origin must be scheme://host[:port], e.g. https://portale.it",
      });
    }
    if (nonce === undefined || nonce.length < 32 || nonce.length > 256) {
      throw new CnsBridgeError("BAD_USAGE", {
        detail: "--nonce must be the server's challenge (32-256 characters)",
      });
    }
    const pin = await context.readPin();
    const { module } = await context.openModule();
    const slot = await findTokenSlot(module, context.global.token);
    const service = new TokenService({
      module,
      logger: createAgentLogger({ level: "silent" }),
      pollIntervalMs: 0,
    });
    try {
      await service.login(slot.info.serialNumber, pin);
      const authToken = await service.authSign(slot.info.serialNumber, origin, nonce);
      if (context.global.json) context.printJson({ authToken });
      else context.printLine(JSON.stringify(authToken, null, 2));
      return EXIT.ok;
    } finally {
      await service.close();
    }
  },
};
