import {
  type CertificateSummary,
  type CnsCertificate,
  isCnsBridgeError,
  parseCnsCertificate,
  summarizeCnsCertificate,
  type TokenSummary,
} from "@cns-bridge/shared";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import { decodePinFlags } from "./pin-flags.js";
import type { TokenSlot } from "./token-directory.js";
import { type TokenCertificate, TokenSession } from "./token-session.js";

/** A certificate of the token read into the CNS view, with its CKA_ID. */
export interface TokenCnsCertificate {
  readonly object: TokenCertificate;
  readonly certificate: CnsCertificate;
}

/**
 * The holder's certificates on the token, read as CNS certificates. CA certificates some cards
 * carry are left out, and so are objects that are not parseable certificates: one bad object must
 * not hide the good ones.
 */
export async function readCnsCertificates(session: TokenSession, now?: Date): Promise<TokenCnsCertificate[]> {
  const result: TokenCnsCertificate[] = [];
  for (const object of await session.listCertificates()) {
    try {
      const certificate = await parseCnsCertificate(object.der, now === undefined ? {} : { now });
      if (!certificate.isCa) {
        result.push({ object, certificate });
      }
    } catch (error) {
      if (!isCnsBridgeError(error)) {
        throw error;
      }
    }
  }
  return result;
}

/** What `cns-agent tokens` and `tokens.list` show about one token; needs no PIN. */
export async function describeToken(
  module: Pkcs11Module,
  token: TokenSlot,
  now?: Date,
): Promise<TokenSummary> {
  const session = await TokenSession.open(module, token);
  try {
    const certificates: CertificateSummary[] = (await readCnsCertificates(session, now)).map(
      ({ object, certificate }) => summarizeCnsCertificate(certificate, object.id),
    );
    const info = await session.tokenInfo();
    return {
      label: info.label,
      serial: info.serialNumber,
      manufacturer: info.manufacturerId,
      model: info.model,
      pinFlags: decodePinFlags(info.flags),
      loggedIn: session.loggedIn,
      certificates,
    };
  } finally {
    await session.close();
  }
}
