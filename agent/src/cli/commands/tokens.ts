import type { TokenSummary } from "@cns-bridge/shared";
import { describeToken } from "../../tokens/describe-token.js";
import { findTokenSlot, listTokenSlots } from "../../tokens/token-directory.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { renderTokens } from "../render-tokens.js";

/** `cns-agent tokens`: every token (or the one named by --token) with its PIN state and certificates. */
export const tokensCommand: CliCommand = {
  name: "tokens",
  summary: {
    it: "Elenca le carte inserite, lo stato del PIN e i loro certificati.",
    en: "List the inserted cards, their PIN state and their certificates.",
  },
  usage: "[--token LABEL] [--json]",
  async run(context) {
    const { module } = await context.openModule();
    const slots =
      context.global.token === undefined
        ? await listTokenSlots(module)
        : [await findTokenSlot(module, context.global.token)];
    const tokens: TokenSummary[] = [];
    for (const slot of slots) {
      tokens.push(await describeToken(module, slot));
    }
    if (context.global.json) {
      context.printJson({ tokens });
    } else {
      context.printLine(renderTokens(tokens, context.global.lang));
    }
    return EXIT.ok;
  },
};
