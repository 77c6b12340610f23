import {
  CnsBridgeError,
  type CnsCertificateUsage,
  type DigestAlgorithm,
  type KeyAlgorithm,
  type Signer,
} from "@cns-bridge/shared";
import { readCnsCertificates } from "./describe-token.js";
import type { TokenSession } from "./token-session.js";

/** The Signer a token offers: one certificate and the private key with the same CKA_ID. */
export class TokenSigner implements Signer {
  constructor(
    readonly session: TokenSession,
    readonly keyId: string,
    readonly certificate: Uint8Array,
    readonly keyAlgorithm: KeyAlgorithm,
    readonly chain: readonly Uint8Array[] = [],
  ) {}

  sign(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
    return this.session.signDigest(this.keyId, digest, algorithm);
  }
}

/**
 * The signer for the holder's `usage` certificate (the qualified signature one, or the
 * authentication one). Needs a logged-in session, because a CNS shows its private keys only after
 * login: the pairing certificate <-> key by CKA_ID is checked here, before any signing. When a
 * token holds several certificates of that usage, the one valid longest wins.
 */
export async function createTokenSigner(
  session: TokenSession,
  usage: Exclude<CnsCertificateUsage, "unknown">,
): Promise<TokenSigner> {
  const candidates = (await readCnsCertificates(session))
    .filter(({ certificate }) => certificate.usage === usage)
    .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
  const chosen = candidates[0];
  if (chosen === undefined) {
    throw new CnsBridgeError("CERTIFICATE_NOT_FOUND", { usage });
  }
  const key = await session.findPrivateKey(chosen.object.id);
  return new TokenSigner(session, key.id, chosen.object.der, key.keyAlgorithm);
}
