import { base64ToBytes } from "../../encoding/base64.js";
import { CnsBridgeError } from "../../errors/index.js";

/** A DER `.p7m` starts with a SEQUENCE; PEM and bare Base64 ones start with text. */
export function looksLikeDer(firstBytes: Uint8Array): boolean {
  return firstBytes[0] === 0x30;
}

const PEM_ARMOUR = /-----(BEGIN|END) [A-Z0-9 #]+-----/g;

/**
 * PEM (`-----BEGIN PKCS7-----`, `CMS`, `SIGNED MESSAGE`...) or bare Base64 `.p7m`, as some offices
 * and mail clients produce them, turned back into DER.
 */
export function decodeP7mText(text: string): Uint8Array {
  const body = text.replace(PEM_ARMOUR, "").replace(/\s+/g, "");
  if (body.length === 0) throw new CnsBridgeError("CMS_MALFORMED", { detail: "empty file" });
  try {
    return base64ToBytes(body, ".p7m");
  } catch (cause) {
    throw new CnsBridgeError("CMS_MALFORMED", { detail: "neither DER nor Base64" }, { cause });
  }
}
