import * as pkijs from "pkijs";
import type { TrustList } from "./trust-list.js";

export type ChainVerdict = { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

/**
 * Path validation from `leaf` to one of the trust list's anchors, using the intermediates given,
 * at `checkDate` (the signing time for signatures, now for authentication).
 */
export async function validateChain(
  leaf: pkijs.Certificate,
  intermediates: readonly pkijs.Certificate[],
  trustList: TrustList,
  checkDate: Date,
): Promise<ChainVerdict> {
  if (trustList.anchors.length === 0) return { trusted: false, reason: "empty trust list" };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...trustList.anchors],
    certs: [...intermediates, leaf],
    checkDate,
  });
  try {
    const result = await engine.verify();
    return result.result ? { trusted: true } : { trusted: false, reason: result.resultMessage };
  } catch (error) {
    return { trusted: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
