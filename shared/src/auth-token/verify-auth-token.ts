import type * as pkijs from "pkijs";
import { type CnsCertificate, parseCnsCertificate } from "../cns/index.js";
import { base64ToBytes } from "../encoding/base64.js";
import { CnsBridgeError } from "../errors/index.js";
import {
  type CertificateInput,
  createTrustList,
  parseCertificateDer,
  validateChain,
} from "../trust/index.js";
import { authTokenSignedData, hashOfAlgorithm } from "./auth-token-data.js";
import { type AuthToken, type AuthTokenAlgorithm, authTokenSchema } from "./auth-token-schema.js";
import { CHALLENGE_MAX_AGE_MS, type Challenge } from "./create-challenge.js";
import { MemoryNonceLedger, type NonceLedger } from "./nonce-ledger.js";

export interface VerifyAuthTokenOptions {
  /** The token as received from the page: validated here. */
  readonly token: unknown;
  /** The site's own origin, e.g. "https://portale.example.it" (never taken from the token). */
  readonly expectedOrigin: string;
  /** The challenge made by `createChallenge()` for this session. */
  readonly nonce: Challenge;
  /** CA certificates that issue CNS authentication certificates (PEM text or DER), plus intermediates. */
  readonly trustedCAs: readonly CertificateInput[];
  readonly now?: Date;
  /** Where used nonces are recorded; a process-wide in-memory ledger by default. */
  readonly nonceLedger?: NonceLedger;
}

export interface VerifiedHolder {
  readonly codiceFiscale: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly certificate: CnsCertificate;
}

const defaultLedger = new MemoryNonceLedger();

/**
 * Checks a CNS auth token the way a portal must before opening a session: format, challenge age
 * and single use, certificate purpose (CNS authentication: clientAuth), validity now, chain to
 * the trusted CAs, algorithm, and the signature over SHA-256(origin) || SHA-256(nonce).
 * Returns the holder or throws a CnsBridgeError with an AUTH_TOKEN_* code.
 */
export async function verifyAuthToken(options: VerifyAuthTokenOptions): Promise<VerifiedHolder> {
  const now = options.now ?? new Date();
  const token = parseToken(options.token);

  if (
    now.getTime() - options.nonce.issuedAt > CHALLENGE_MAX_AGE_MS ||
    now.getTime() < options.nonce.issuedAt
  ) {
    throw new CnsBridgeError("AUTH_TOKEN_CHALLENGE_EXPIRED");
  }

  const der = base64ToBytes(token.unverifiedCertificate, "unverifiedCertificate");
  let view: CnsCertificate;
  try {
    view = await parseCnsCertificate(der, { now });
  } catch (cause) {
    throw new CnsBridgeError("AUTH_TOKEN_MALFORMED", { detail: "unverifiedCertificate" }, { cause });
  }
  if (view.usage !== "authentication") {
    throw new CnsBridgeError("AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE", { detail: `usage ${view.usage}` });
  }
  if (!view.extendedKeyUsage.includes("1.3.6.1.5.5.7.3.2")) {
    throw new CnsBridgeError("AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE", { detail: "no clientAuth" });
  }
  if (now < view.notBefore) {
    throw new CnsBridgeError("AUTH_TOKEN_CERTIFICATE_NOT_YET_VALID", { date: view.notBefore.toISOString() });
  }
  if (now > view.notAfter) {
    throw new CnsBridgeError("AUTH_TOKEN_CERTIFICATE_EXPIRED", {
      date: view.notAfter.toISOString().slice(0, 10),
    });
  }
  if (view.holder.codiceFiscale === null) {
    throw new CnsBridgeError("AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE", { detail: "no codice fiscale" });
  }

  const certificate = parseCertificateDer(der);
  const trustList = createTrustList(options.trustedCAs);
  const chain = await validateChain(certificate, trustList.anchors, trustList, now);
  if (!chain.trusted) throw new CnsBridgeError("AUTH_TOKEN_CERTIFICATE_UNTRUSTED");

  await verifySignature(certificate, view, token, options.expectedOrigin, options.nonce.nonce);

  const ledger = options.nonceLedger ?? defaultLedger;
  if (!(await ledger.consume(options.nonce.nonce, options.nonce.issuedAt + CHALLENGE_MAX_AGE_MS))) {
    throw new CnsBridgeError("AUTH_TOKEN_CHALLENGE_REUSED");
  }
  return {
    codiceFiscale: view.holder.codiceFiscale,
    givenName: view.holder.givenName,
    surname: view.holder.surname,
    certificate: view,
  };
}

function parseToken(value: unknown): AuthToken {
  const parsed = authTokenSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 2)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new CnsBridgeError("AUTH_TOKEN_MALFORMED", { detail });
  }
  return parsed.data;
}

async function verifySignature(
  certificate: pkijs.Certificate,
  view: CnsCertificate,
  token: AuthToken,
  origin: string,
  nonce: string,
): Promise<void> {
  const keyKind = token.algorithm.startsWith("RS") ? "RSA" : "EC";
  if (keyKind !== view.keyAlgorithm.name) {
    throw new CnsBridgeError("AUTH_TOKEN_ALGORITHM_MISMATCH", { algorithm: token.algorithm });
  }
  if (keyKind === "RSA" && (view.keyAlgorithm.size ?? 0) < 2048) {
    throw new CnsBridgeError("AUTH_TOKEN_WEAK_KEY", { detail: `RSA ${view.keyAlgorithm.size ?? "?"}` });
  }
  const spki = certificate.subjectPublicKeyInfo.toSchema().toBER(false);
  const hash = hashOfAlgorithm(token.algorithm);
  const key = await importKey(spki, keyKind, hash, view.keyAlgorithm.namedCurve, token.algorithm);
  const algorithm = keyKind === "RSA" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash };
  const signature = base64ToBytes(token.signature, "signature");
  const data = await authTokenSignedData(origin, nonce);
  if (!(await crypto.subtle.verify(algorithm, key, signature, data))) {
    throw new CnsBridgeError("AUTH_TOKEN_SIGNATURE_INVALID");
  }
}

async function importKey(
  spki: ArrayBuffer,
  kind: "RSA" | "EC",
  hash: string,
  namedCurve: string | undefined,
  algorithm: AuthTokenAlgorithm,
): Promise<CryptoKey> {
  try {
    return kind === "RSA"
      ? await crypto.subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["verify"])
      : await crypto.subtle.importKey(
          "spki",
          spki,
          { name: "ECDSA", namedCurve: namedCurve ?? "P-256" },
          false,
          ["verify"],
        );
  } catch (cause) {
    throw new CnsBridgeError("AUTH_TOKEN_ALGORITHM_MISMATCH", { algorithm }, { cause });
  }
}
