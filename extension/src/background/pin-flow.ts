import {
  CnsBridgeError,
  isCnsBridgeError,
  type PinFlags,
  type SerializedError,
  type TokenSummary,
} from "@cns-bridge/shared";
import type { PinReason } from "../dialogs/dialog-requests.js";
import type { CnsContext } from "./cns-context.js";
import { requireToken } from "./require-token.js";

/** PIN errors the window shows next to the field; anything else is shown as a general failure. */
const PIN_ERRORS = new Set([
  "PIN_INCORRECT",
  "PIN_INCORRECT_FINAL_TRY",
  "PIN_LOCKED",
  "PIN_LEN_RANGE",
  "PIN_INVALID",
]);

export type PinAttempt =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: SerializedError; readonly pinFlags: PinFlags | null };

/**
 * Makes sure the holder's session is open: if not, the PIN window opens (site and reason shown)
 * and this waits for the holder. The PIN itself never passes through here.
 */
export async function ensureLoggedIn(
  context: CnsContext,
  origin: string,
  reason: PinReason,
): Promise<TokenSummary> {
  const token = requireToken(context.connection.status);
  if (token.loggedIn) return token;
  await context.dialogs.ask({
    kind: "pin",
    origin,
    reason,
    tokenLabel: token.label,
    pinFlags: token.pinFlags,
  });
  return requireToken(await context.connection.refreshTokens());
}

/**
 * One login attempt with the PIN the holder just typed in dialog `dialogId`. The PIN goes to the
 * agent once and is dropped; a wrong PIN is reported with fresh tries-left flags, never retried.
 */
export async function submitPin(context: CnsContext, dialogId: string, pin: string): Promise<PinAttempt> {
  const dialog = context.dialogs.describe(dialogId);
  if (dialog === null || dialog.kind !== "pin")
    throw new CnsBridgeError("BAD_USAGE", { detail: "no PIN dialog" });
  const token = requireToken(context.connection.status);
  try {
    await context.connection.request("token.login", { token: token.serial, pin });
  } catch (error) {
    const coded = isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error });
    let pinFlags: PinFlags | null = null;
    if (PIN_ERRORS.has(coded.code)) {
      const status = await context.connection.refreshTokens().catch(() => null);
      pinFlags = status === null ? null : (requireTokenOrNull(status)?.pinFlags ?? null);
      if (pinFlags !== null) context.dialogs.update(dialogId, { ...dialog, pinFlags });
    }
    return { ok: false, error: coded.serialize(), pinFlags };
  }
  await context.dialogs.confirm(dialogId);
  return { ok: true };
}

function requireTokenOrNull(status: Parameters<typeof requireToken>[0]): TokenSummary | null {
  try {
    return requireToken(status);
  } catch {
    return null;
  }
}
