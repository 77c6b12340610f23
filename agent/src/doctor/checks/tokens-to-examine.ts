import type { TokenSlot } from "../../tokens/token-directory.js";
import type { DoctorContext, LoadedModule } from "../doctor-context.js";

/**
 * The tokens the loaded modules show, each once (a card seen through two middlewares is one
 * token), narrowed to `--token` (label or serial) when given.
 */
export function tokensToExamine(context: DoctorContext): { loaded: LoadedModule; token: TokenSlot }[] {
  const seen = new Set<string>();
  const tokens: { loaded: LoadedModule; token: TokenSlot }[] = [];
  for (const loaded of context.facts.loadedModules) {
    for (const token of loaded.tokens) {
      const key = `${token.info.manufacturerId}|${token.info.serialNumber}|${token.info.label}`;
      const wanted =
        context.tokenSelector === null ||
        token.info.label === context.tokenSelector ||
        token.info.serialNumber === context.tokenSelector;
      if (wanted && !seen.has(key)) {
        seen.add(key);
        tokens.push({ loaded, token });
      }
    }
  }
  return tokens;
}
