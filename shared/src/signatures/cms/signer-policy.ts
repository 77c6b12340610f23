import { parseCnsCertificate } from "../../cns/index.js";
import { CnsBridgeError } from "../../errors/index.js";
import type { Signer } from "../signer.js";
import { CertificateMemo } from "./certificate-memo.js";
import { MIN_RSA_BITS } from "../verify/verify-signer-infos.js";

/**
 * Checked once before a batch, so nothing is signed that our own verifier would reject:
 * no new signatures with RSA below 2048 bits (older CNS) and none with a certificate that is
 * expired or not yet valid at `now`.
 */
export async function assertSignerAllowed(signer: Signer, now: Date = new Date()): Promise<void> {
  // Key and validity dates do not depend on `now`: one parse per signer, the dates checked each time.
  const certificate = await parsedForPolicy.get(signer.certificate);
  const key = certificate.keyAlgorithm;
  if (key.name === "RSA" && (key.size === null || key.size < MIN_RSA_BITS)) {
    throw new CnsBridgeError("SIG_KEY_TOO_WEAK", { algorithm: "RSA", bits: key.size ?? 0 });
  }
  if (now < certificate.notBefore || now > certificate.notAfter) {
    throw new CnsBridgeError("SIGN_CERTIFICATE_NOT_VALID", {
      notBefore: certificate.notBefore.toISOString().slice(0, 10),
      notAfter: certificate.notAfter.toISOString().slice(0, 10),
    });
  }
}

const parsedForPolicy: CertificateMemo<ReturnType<typeof parseCnsCertificate>> = new CertificateMemo(
  (der) => {
    const parsed = parseCnsCertificate(der);
    // A failed parse is not remembered: the next call reports it again.
    parsed.catch(() => parsedForPolicy.forget(der));
    return parsed;
  },
);
