import {
  type CnsCertificate,
  type DiagnosticCheck,
  createTrustList,
  isCnsBridgeError,
  parseCertificateDer,
  validateChain,
} from "@cns-bridge/shared";
import { finding } from "../check.js";
import type { DoctorContext } from "../doctor-context.js";

/**
 * Path validation of each holder certificate to the configured CAs, with the CA certificates the
 * device carries and those of the CA files as intermediates, at the doctor's `now`.
 */
export async function chainFinding(
  context: DoctorContext,
  label: string,
  certificates: readonly CnsCertificate[],
  caOnDevice: readonly Uint8Array[],
  id: string,
): Promise<DiagnosticCheck> {
  const base = {
    id,
    area: "token" as const,
    title: { it: "Catena verso le CA note", en: "Chain to the known CAs" },
  };
  if (context.trustedCaPem.length === 0) {
    return finding(
      base,
      "skip",
      {
        it: "Nessun elenco di CA configurato (--ca FILE o trustedCaFiles).",
        en: "No CA list configured (--ca FILE or trustedCaFiles).",
      },
      { label },
    );
  }
  let trustList;
  try {
    trustList = createTrustList(context.trustedCaPem);
  } catch (error) {
    if (!isCnsBridgeError(error)) throw error;
    return finding(
      base,
      "fail",
      { it: "L'elenco di CA configurato non è leggibile.", en: "The configured CA list cannot be read." },
      { label, error: error.code },
      { it: "Controlla i file PEM indicati.", en: "Check the PEM files given." },
    );
  }
  const intermediates = [...caOnDevice.map(parseCertificateDer), ...trustList.anchors];
  const verdicts: string[] = [];
  let untrusted = 0;
  for (const certificate of certificates) {
    const verdict = await validateChain(
      parseCertificateDer(certificate.der),
      intermediates,
      trustList,
      context.now,
    );
    if (!verdict.trusted) untrusted += 1;
    verdicts.push(`${certificate.usage}: ${verdict.trusted ? "trusted" : verdict.reason}`);
  }
  const evidence = {
    label,
    anchors: trustList.anchors.length,
    caOnDevice: caOnDevice.length,
    chains: verdicts,
  };
  if (untrusted > 0) {
    return finding(
      base,
      "fail",
      {
        it: `${untrusted} certificato/i non risalgono a una CA nota.`,
        en: `${untrusted} certificate(s) do not chain to a known CA.`,
      },
      evidence,
      {
        it: "Il dispositivo non è una CNS delle CA riconosciute (o l'elenco delle CA è vecchio): aggiorna l'elenco delle CA o contatta l'emittente.",
        en: "The device is not a CNS of the recognized CAs (or the CA list is old): update the CA list or contact the issuer.",
      },
    );
  }
  return finding(
    base,
    "ok",
    { it: "Tutti i certificati risalgono a una CA nota.", en: "Every certificate chains to a known CA." },
    evidence,
  );
}
