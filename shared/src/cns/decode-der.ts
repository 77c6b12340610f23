import * as asn1js from "asn1js";
import { CnsBridgeError } from "../errors/index.js";

/**
 * Limits for every DER structure we decode. A real CNS certificate is 1-2 KiB, nests about ten
 * levels deep and has a few hundred nodes: these bounds refuse hostile input (deep nesting,
 * node floods) before any recursion can hurt.
 */
export const DER_LIMITS = { maxDepth: 32, maxNodes: 4096 } as const;

/**
 * Decodes one DER value that must fill `bytes` exactly: no trailing bytes, no indefinite
 * lengths (BER, never DER). Anything else is CERT_MALFORMED with `what` in the detail.
 */
export function decodeDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  if (bytes.byteLength === 0) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `${what}: empty` });
  }
  // parseEmbedded: false keeps the contents of OCTET and BIT STRINGs opaque; we decode the ones
  // we need ourselves, under the same limits.
  const decoded = asn1js.fromBER(bytes, { ...DER_LIMITS, parseEmbedded: false });
  if (decoded.offset === -1) {
    throw new CnsBridgeError("CERT_MALFORMED", {
      detail: `${what}: ${decoded.result.error || "bad encoding"}`,
    });
  }
  if (decoded.offset !== bytes.byteLength) {
    throw new CnsBridgeError("CERT_MALFORMED", {
      detail: `${what}: trailing data after the structure (${bytes.byteLength - decoded.offset} extra)`,
    });
  }
  if (hasIndefiniteLength(decoded.result)) {
    throw new CnsBridgeError("CERT_MALFORMED", { detail: `${what}: indefinite length (BER, not DER)` });
  }
  return decoded.result;
}

function hasIndefiniteLength(root: asn1js.AsnType): boolean {
  // Iterative, so that the walk itself has no recursion; the depth is already bounded anyway.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const block = pending.pop();
    if (!(block instanceof asn1js.BaseBlock)) {
      continue;
    }
    if (block.lenBlock.isIndefiniteForm) {
      return true;
    }
    const children: unknown = (block.valueBlock as { value?: unknown }).value;
    if (Array.isArray(children)) {
      pending.push(...(children as unknown[]));
    }
  }
  return false;
}
