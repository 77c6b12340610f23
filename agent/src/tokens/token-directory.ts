import { CnsBridgeError, type ErrorCode, isCnsBridgeError } from "@cns-bridge/shared";
import { CKF_TOKEN } from "../pkcs11/ck-constants.js";
import { pkcs11Call } from "../pkcs11/map-pkcs11-error.js";
import type { Pkcs11Handle, Pkcs11Module, Pkcs11TokenInfo } from "../pkcs11/pkcs11-module.js";

/** A token found in a slot. The slot handle is valid only until the token is removed. */
export interface TokenSlot {
  readonly slot: Pkcs11Handle;
  readonly info: Pkcs11TokenInfo;
}

/** Outcomes of C_GetTokenInfo that mean "no usable token in this slot", not a failure. */
const NO_USABLE_TOKEN: readonly ErrorCode[] = ["TOKEN_NOT_PRESENT", "TOKEN_REMOVED", "TOKEN_NOT_RECOGNIZED"];

/**
 * Every initialized token present now. Left out: a token pulled out between the slot list and its
 * info, a card the middleware does not recognise, and an uninitialized token (SoftHSM2 always
 * offers one free slot; a blank card holds no certificate).
 */
export async function listTokenSlots(
  module: Pkcs11Module,
  skip: (slot: Pkcs11Handle) => boolean = () => false,
): Promise<TokenSlot[]> {
  const slots = await pkcs11Call(() => module.getSlots(true));
  const tokens: TokenSlot[] = [];
  for (const slot of slots) {
    // A slot the caller knows is busy with a hung call is not asked anything.
    if (skip(slot)) continue;
    try {
      const info = await pkcs11Call(() => module.getTokenInfo(slot));
      if ((info.flags & CKF_TOKEN.TOKEN_INITIALIZED) !== 0) {
        tokens.push({ slot, info });
      }
    } catch (error) {
      if (!NO_USABLE_TOKEN.some((code) => isCnsBridgeError(error, code))) {
        throw error;
      }
    }
  }
  return tokens;
}

/**
 * The token whose label or serial number is `selector` (never a slot id: SoftHSM2 and some
 * readers renumber slots). Without a selector, the only token present. A label shared by two
 * tokens is refused as ambiguous unless the selector is one of their serials.
 */
export async function findTokenSlot(
  module: Pkcs11Module,
  selector?: string,
  skip?: (slot: Pkcs11Handle) => boolean,
): Promise<TokenSlot> {
  const tokens = await listTokenSlots(module, skip);
  if (tokens.length === 0) {
    throw new CnsBridgeError("TOKEN_NOT_PRESENT");
  }
  const wanted = selector?.trim();
  if (wanted === undefined || wanted === "") {
    const [only, ...others] = tokens;
    if (only !== undefined && others.length === 0) {
      return only;
    }
    throw new CnsBridgeError("TOKEN_AMBIGUOUS", { tokens: describeTokens(tokens) });
  }
  const bySerial = tokens.filter((token) => token.info.serialNumber === wanted);
  const byLabel = tokens.filter((token) => token.info.label === wanted);
  const [match, ...others] = bySerial.length > 0 ? bySerial : byLabel;
  if (match === undefined) {
    throw new CnsBridgeError("TOKEN_NOT_FOUND", { token: wanted });
  }
  if (others.length > 0) {
    throw new CnsBridgeError("TOKEN_AMBIGUOUS", { tokens: describeTokens([match, ...others]) });
  }
  return match;
}

function describeTokens(tokens: readonly TokenSlot[]): string {
  return tokens.map((token) => `${token.info.label} (${token.info.serialNumber})`).join(", ");
}
