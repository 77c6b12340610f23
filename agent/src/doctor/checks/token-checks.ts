import { X509Certificate } from "node:crypto";
import {
  type CnsCertificate,
  type DiagnosticCheck,
  describeKeyAlgorithm,
  isCnsBridgeError,
  parseCnsCertificate,
} from "@cns-bridge/shared";
import { decodePinFlags } from "../../tokens/pin-flags.js";
import { TokenSession } from "../../tokens/token-session.js";
import { type DoctorCheck, finding } from "../check.js";
import type { DoctorContext, LoadedModule } from "../doctor-context.js";
import { chainFinding } from "./chain-to-known-cas.js";
import { tokensToExamine } from "./tokens-to-examine.js";
import type { TokenSlot } from "../../tokens/token-directory.js";

const PUK_WARNING = {
  it: "Attenzione: tre PUK errati bloccano il dispositivo per sempre e serve un nuovo dispositivo; se non hai il PUK (è nella busta o nel PDF ricevuto con la carta) non provare a indovinarlo.",
  en: "Warning: three wrong PUKs block the device for good and a new device is needed; if you do not have the PUK (it is in the envelope or PDF that came with the card) do not guess it.",
};

const MANAGER = {
  it: 'il programma di gestione della carta (bit4id/DigitalDNA IC "Sblocca PIN", Firma4NG, oppure pkcs11-tool --unlock-pin --login-type so)',
  en: 'the card manager (bit4id/DigitalDNA IC "Unlock PIN", Firma4NG, or pkcs11-tool --unlock-pin --login-type so)',
};

function pinFinding(context: DoctorContext, token: TokenSlot, id: string): DiagnosticCheck {
  const base = {
    id,
    area: "token" as const,
    title: { it: `PIN di ${token.info.label}`, en: `PIN of ${token.info.label}` },
  };
  const flags = decodePinFlags(token.info.flags);
  const evidence = {
    label: token.info.label,
    serial: token.info.serialNumber,
    userPinCountLow: flags.userPinCountLow,
    userPinFinalTry: flags.userPinFinalTry,
    userPinLocked: flags.userPinLocked,
    userPinToBeChanged: flags.userPinToBeChanged,
    soPinCountLow: flags.soPinCountLow,
    soPinFinalTry: flags.soPinFinalTry,
    soPinLocked: flags.soPinLocked,
  };
  if (flags.soPinLocked) {
    return finding(
      base,
      "fail",
      {
        it: "PUK bloccato: il dispositivo non si può più sbloccare.",
        en: "PUK blocked: the device can no longer be unblocked.",
      },
      evidence,
      {
        it: "Richiedi un nuovo dispositivo alla tua Camera di Commercio (con la CNS attuale ancora valida puoi farlo online).",
        en: "Request a new device from your Chamber of Commerce (with the current CNS still valid you can do it online).",
      },
    );
  }
  if (flags.soPinFinalTry || flags.soPinCountLow) {
    return finding(
      base,
      flags.soPinFinalTry ? "fail" : "warn",
      flags.soPinFinalTry
        ? { it: "PUK: resta un solo tentativo.", en: "PUK: one attempt left." }
        : { it: "Il PUK è già stato sbagliato.", en: "The PUK was already mistyped." },
      evidence,
      {
        it: `${PUK_WARNING.it} Prima di usare ancora il PUK contatta l'assistenza della Camera di Commercio.`,
        en: `${PUK_WARNING.en} Before using the PUK again, contact the Chamber of Commerce's help desk.`,
      },
    );
  }
  if (flags.userPinLocked) {
    return finding(
      base,
      "fail",
      { it: "PIN bloccato dopo troppi tentativi errati.", en: "PIN blocked after too many wrong attempts." },
      evidence,
      {
        it: `PIN bloccato: usa il PUK con ${MANAGER.it} per sbloccarlo e sceglierne uno nuovo. ${PUK_WARNING.it}`,
        en: `PIN blocked: use the PUK with ${MANAGER.en} to unblock it and choose a new one. ${PUK_WARNING.en}`,
      },
    );
  }
  if (flags.userPinFinalTry) {
    return finding(
      base,
      "warn",
      { it: "Ultimo tentativo di PIN rimasto.", en: "One PIN attempt left." },
      evidence,
      {
        it: `Un altro PIN errato blocca la carta: se non sei sicuro del PIN, non provarlo e usa il PUK con ${MANAGER.it}. ${PUK_WARNING.it}`,
        en: `One more wrong PIN blocks the card: if you are not sure of the PIN, do not try it and use the PUK with ${MANAGER.en}. ${PUK_WARNING.en}`,
      },
    );
  }
  if (flags.userPinCountLow) {
    return finding(
      base,
      "warn",
      {
        it: "Il PIN è già stato sbagliato: restano pochi tentativi.",
        en: "The PIN was already mistyped: few attempts left.",
      },
      evidence,
      {
        it: "Digita il PIN con calma; dopo l'ultimo tentativo errato servirà il PUK.",
        en: "Type the PIN carefully; after the last wrong attempt the PUK will be needed.",
      },
    );
  }
  if (flags.userPinToBeChanged) {
    return finding(
      base,
      "warn",
      { it: "Il PIN va cambiato prima dell'uso.", en: "The PIN must be changed before use." },
      evidence,
      { it: `Cambia il PIN con ${MANAGER.it}.`, en: `Change the PIN with ${MANAGER.en}.` },
    );
  }
  return finding(
    base,
    "ok",
    { it: "PIN utilizzabile, nessun tentativo errato.", en: "PIN usable, no wrong attempts." },
    evidence,
  );
}

function describeCertificate(certificate: CnsCertificate): string {
  const holder = certificate.holder;
  const who =
    [holder.givenName, holder.surname].filter((part) => part !== null).join(" ") || holder.commonName || "?";
  return (
    `${certificate.usage}: ${who} ${holder.codiceFiscale ?? ""}`.trim() +
    `, ${describeKeyAlgorithm(certificate.keyAlgorithm)}, ${certificate.notAfter.toISOString().slice(0, 10)}`
  );
}

function rememberPersonalData(
  context: DoctorContext,
  token: TokenSlot,
  certificates: readonly CnsCertificate[],
): void {
  context.personalData.add(token.info.serialNumber);
  for (const certificate of certificates) {
    for (const value of [
      certificate.holder.codiceFiscale,
      certificate.holder.givenName,
      certificate.holder.surname,
      certificate.holder.commonName,
      certificate.serialNumberHex,
    ]) {
      if (value !== null && value.trim().length >= 2) context.personalData.add(value.trim());
    }
  }
}

/** "verified by <CA>", "issuer not on the device", or "BROKEN" when a CA on the device did not sign it. */
function chainOnDevice(
  certificate: CnsCertificate,
  caCertificates: readonly Uint8Array[],
): "verified" | "absent" | "broken" {
  const leaf = new X509Certificate(certificate.der);
  let sameName = false;
  for (const der of caCertificates) {
    const ca = new X509Certificate(der);
    if (ca.subject !== leaf.issuer) continue;
    sameName = true;
    if (leaf.checkIssued(ca) && leaf.verify(ca.publicKey)) return "verified";
  }
  return sameName ? "broken" : "absent";
}

function certificatesFinding(
  token: TokenSlot,
  certificates: readonly CnsCertificate[],
  caCertificates: readonly Uint8Array[],
  id: string,
) {
  const base = { id, area: "token" as const, title: { it: "Certificati della CNS", en: "CNS certificates" } };
  const authentication = certificates.filter((certificate) => certificate.usage === "authentication");
  const signature = certificates.filter((certificate) => certificate.usage === "signature");
  const issuers = [
    ...new Set(
      certificates.map(
        (certificate) => certificate.issuer.commonName ?? certificate.issuer.organization ?? "?",
      ),
    ),
  ].sort();
  const chains = certificates.map((certificate) => chainOnDevice(certificate, caCertificates));
  const evidence = {
    label: token.info.label,
    certificates: certificates.map(describeCertificate),
    authentication: authentication.length,
    signature: signature.length,
    issuers,
    caCertificatesOnDevice: caCertificates.length,
    chainOnDevice: certificates.map(
      (certificate, index) => `${certificate.usage}: ${chains[index] ?? "absent"}`,
    ),
  };
  if (chains.includes("broken")) {
    return finding(
      base,
      "fail",
      {
        it: "Un certificato non è firmato dalla CA che il dispositivo stesso contiene.",
        en: "A certificate is not signed by the CA the device itself holds.",
      },
      evidence,
      {
        it: "Il contenuto del dispositivo è incoerente: non usarlo per firmare e contatta la Camera di Commercio.",
        en: "The device content is inconsistent: do not sign with it and contact the Chamber of Commerce.",
      },
    );
  }
  if (certificates.length === 0) {
    return finding(
      base,
      "fail",
      { it: "Nessun certificato del titolare sul dispositivo.", en: "No holder certificate on the device." },
      evidence,
      {
        it: "La CNS non è stata attivata o i certificati sono stati cancellati: contatta la tua Camera di Commercio.",
        en: "The CNS was not activated or its certificates were deleted: contact your Chamber of Commerce.",
      },
    );
  }
  if (authentication.length === 0 || signature.length === 0) {
    const missing =
      authentication.length === 0
        ? { it: "autenticazione", en: "authentication" }
        : { it: "firma", en: "signature" };
    return finding(
      base,
      "warn",
      {
        it: `Manca il certificato di ${missing.it} (presenti: ${certificates.length}).`,
        en: `The ${missing.en} certificate is missing (present: ${certificates.length}).`,
      },
      evidence,
      {
        it: "Senza entrambi i certificati alcuni servizi non funzionano: verifica con la Camera di Commercio che la CNS sia completa.",
        en: "Without both certificates some services do not work: check with the Chamber of Commerce that the CNS is complete.",
      },
    );
  }
  return finding(
    base,
    "ok",
    {
      it: `Autenticazione e firma presenti, emessi da ${issuers.join(", ")}.`,
      en: `Authentication and signature present, issued by ${issuers.join(", ")}.`,
    },
    evidence,
  );
}

function expiryFinding(token: TokenSlot, certificates: readonly CnsCertificate[], id: string) {
  const base = {
    id,
    area: "token" as const,
    title: { it: "Scadenza dei certificati", en: "Certificate expiry" },
  };
  const evidence = {
    label: token.info.label,
    notAfter: certificates.map(
      (certificate) => `${certificate.usage}: ${certificate.notAfter.toISOString().slice(0, 10)}`,
    ),
    daysToExpiry: certificates.map((certificate) => `${certificate.usage}: ${certificate.daysToExpiry}`),
  };
  if (certificates.length === 0) {
    return finding(base, "skip", { it: "Nessun certificato.", en: "No certificate." }, evidence);
  }
  const soonest = [...certificates].sort(
    (a, b) => a.notAfter.getTime() - b.notAfter.getTime(),
  )[0] as CnsCertificate;
  const date = soonest.notAfter.toISOString().slice(0, 10);
  if (soonest.notYetValid) {
    return finding(
      base,
      "warn",
      {
        it: `Certificato non ancora valido (dal ${soonest.notBefore.toISOString().slice(0, 10)}).`,
        en: `Certificate not valid yet (from ${soonest.notBefore.toISOString().slice(0, 10)}).`,
      },
      evidence,
      { it: "Controlla la data e l'ora del computer.", en: "Check the computer's date and time." },
    );
  }
  if (soonest.expired) {
    return finding(
      base,
      "fail",
      {
        it: `Certificato di ${soonest.usage === "signature" ? "firma" : "autenticazione"} scaduto il ${date}.`,
        en: `The ${soonest.usage} certificate expired on ${date}.`,
      },
      evidence,
      {
        it: "Un certificato scaduto non si rinnova online: richiedi un nuovo dispositivo alla Camera di Commercio (di persona o con riconoscimento da remoto).",
        en: "An expired certificate cannot be renewed online: request a new device from the Chamber of Commerce (in person or with remote identification).",
      },
    );
  }
  if (soonest.inRenewalWindow) {
    return finding(
      base,
      "warn",
      {
        it: `Il certificato scade il ${date} (tra ${soonest.daysToExpiry} giorni).`,
        en: `The certificate expires on ${date} (in ${soonest.daysToExpiry} days).`,
      },
      evidence,
      {
        it: "Rinnovalo ora online sul sito della CA (si può rinnovare una sola volta, per altri tre anni); se è già stato rinnovato, richiedi un nuovo dispositivo, anche con questa CNS finché è valida.",
        en: "Renew it now online on the CA's site (it can be renewed once, for three more years); if it was already renewed, request a new device, even with this CNS while it is valid.",
      },
    );
  }
  return finding(
    base,
    "ok",
    { it: `Validi; il primo scade il ${date}.`, en: `Valid; the first expires on ${date}.` },
    evidence,
  );
}

async function inspectToken(
  context: DoctorContext,
  loaded: LoadedModule,
  token: TokenSlot,
  suffix: string,
): Promise<DiagnosticCheck[]> {
  context.personalData.add(token.info.serialNumber);
  const findings = [pinFinding(context, token, `token.pin${suffix}`)];
  const session = await TokenSession.open(loaded.module, token);
  try {
    const certificates: CnsCertificate[] = [];
    const caCertificates: Uint8Array[] = [];
    for (const object of await session.listCertificates()) {
      try {
        const certificate = await parseCnsCertificate(object.der, { now: context.now });
        if (certificate.isCa) caCertificates.push(object.der);
        else certificates.push(certificate);
      } catch (error) {
        // One unreadable object must not hide the others.
        if (!isCnsBridgeError(error)) throw error;
      }
    }
    // Token object order is the module's business: sort so that reports compare across runs.
    certificates.sort(
      (a, b) => a.usage.localeCompare(b.usage) || a.notAfter.getTime() - b.notAfter.getTime(),
    );
    rememberPersonalData(context, token, certificates);
    findings.push(certificatesFinding(token, certificates, caCertificates, `token.certificates${suffix}`));
    findings.push(expiryFinding(token, certificates, `token.expiry${suffix}`));
    if (certificates.length > 0) {
      findings.push(
        await chainFinding(context, token.info.label, certificates, caCertificates, `token.chain${suffix}`),
      );
    }
  } finally {
    await session.close();
  }
  return findings;
}

/** PIN state, certificates and expiry of every token the loaded modules show (or the `--token` one). */
export const tokenChecks: DoctorCheck = {
  id: "token",
  area: "token",
  async run(context) {
    const tokens = tokensToExamine(context);
    if (tokens.length === 0) {
      return finding(
        {
          id: "token.present",
          area: "token",
          title: { it: "CNS vista dal middleware", en: "CNS seen by the middleware" },
        },
        context.facts.loadedModules.length === 0 ? "skip" : "fail",
        {
          it: "Nessun token visibile attraverso i moduli PKCS#11.",
          en: "No token visible through the PKCS#11 modules.",
        },
        { modules: context.facts.loadedModules.map((loaded) => loaded.path) },
        context.facts.loadedModules.length === 0
          ? null
          : {
              it: "Inserisci la CNS (o collega il token); se è inserita ma non vista, installa il middleware indicato per la tua carta.",
              en: "Insert the CNS (or plug in the token); if it is inserted but not seen, install the middleware named for your card.",
            },
      );
    }
    const findings: DiagnosticCheck[] = [];
    for (const [index, { loaded, token }] of tokens.entries()) {
      findings.push(
        ...(await inspectToken(context, loaded, token, tokens.length > 1 ? `#${index + 1}` : "")),
      );
    }
    return findings;
  },
};
