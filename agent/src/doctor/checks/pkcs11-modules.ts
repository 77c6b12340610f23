import { isCnsBridgeError } from "@cns-bridge/shared";
import { listTokenSlots } from "../../tokens/token-directory.js";
import { type DoctorCheck, finding } from "../check.js";
import type { DoctorContext } from "../doctor-context.js";
import type { DiagnosticCheck } from "@cns-bridge/shared";

const title = { it: "Modulo PKCS#11", en: "PKCS#11 module" };

interface Candidate {
  readonly id: string | null;
  readonly product: string;
  readonly path: string;
  readonly source: string;
}

function candidates(context: DoctorContext): Candidate[] {
  const list: Candidate[] = [];
  if (context.explicitModule !== null) {
    list.push({
      id: null,
      product: context.explicitModule.path,
      path: context.explicitModule.path,
      source: context.explicitModule.source,
    });
  }
  for (const module of context.installedModules()) {
    if (!list.some((candidate) => candidate.path === module.path)) {
      list.push({ id: module.id, product: module.product, path: module.path, source: "auto" });
    }
  }
  return list;
}

async function inspect(context: DoctorContext, candidate: Candidate, id: string): Promise<DiagnosticCheck> {
  const base = { id, area: "pkcs11" as const, title };
  const where = { path: candidate.path, source: candidate.source, knownModule: candidate.id };
  let module;
  try {
    module = context.openModule(candidate.path);
  } catch (error) {
    const code = isCnsBridgeError(error) ? error.code : "MODULE_LOAD_FAILED";
    const detail = isCnsBridgeError(error) ? String(error.params.detail ?? "") : String(error);
    if (code === "MODULE_NOT_FOUND") {
      return finding(
        base,
        "fail",
        { it: `Il modulo ${candidate.path} non esiste.`, en: `The module ${candidate.path} does not exist.` },
        { ...where, error: code },
        {
          it: `Correggi il percorso indicato (${candidate.source === "flag" ? "--module" : candidate.source === "env" ? "CNS_BRIDGE_MODULE" : "modulePath nel file di configurazione"}) o reinstalla il middleware della carta.`,
          en: `Fix the path given (${candidate.source === "flag" ? "--module" : candidate.source === "env" ? "CNS_BRIDGE_MODULE" : "modulePath in the configuration file"}) or reinstall the card's middleware.`,
        },
      );
    }
    return finding(
      base,
      "fail",
      {
        it: `Il modulo ${candidate.path} non si carica come modulo PKCS#11${detail === "" ? "" : `: ${detail}`}.`,
        en: `The module ${candidate.path} does not load as a PKCS#11 module${detail === "" ? "" : `: ${detail}`}.`,
      },
      { ...where, error: code, detail },
      {
        it: "Il file non è un modulo PKCS#11 o è per un'altra architettura (32/64 bit): reinstalla il middleware della carta nella versione per questo sistema.",
        en: "The file is not a PKCS#11 module or is built for another architecture (32/64-bit): reinstall the card's middleware for this system.",
      },
    );
  }
  try {
    const info = await module.getLibraryInfo();
    const slots = await module.getSlots(false);
    const tokens = await listTokenSlots(module);
    context.facts.loadedModules.push({ id: candidate.id, path: candidate.path, module, tokens });
    const summary = `${info.libraryDescription} ${info.libraryVersion} (${info.manufacturerId}), Cryptoki ${info.cryptokiVersion}`;
    return finding(
      base,
      "ok",
      {
        it: `${summary}: ${slots.length} slot, ${tokens.length} token.`,
        en: `${summary}: ${slots.length} slot(s), ${tokens.length} token(s).`,
      },
      {
        ...where,
        library: info.libraryDescription,
        manufacturer: info.manufacturerId,
        libraryVersion: info.libraryVersion,
        cryptokiVersion: info.cryptokiVersion,
        slots: slots.length,
        tokens: tokens.map((token) => token.info.label),
      },
    );
  } catch (error) {
    await module.finalize();
    const code = isCnsBridgeError(error) ? error.code : "DEVICE_ERROR";
    return finding(
      base,
      "fail",
      {
        it: `Il modulo ${candidate.path} si carica ma non risponde (${code}).`,
        en: `The module ${candidate.path} loads but does not answer (${code}).`,
      },
      { ...where, error: code },
      {
        it: "Scollega e ricollega il lettore o il token; se si ripete, reinstalla il middleware.",
        en: "Unplug and plug in the reader or token again; if it happens again, reinstall the middleware.",
      },
    );
  }
}

/** Every known middleware present (and the one given explicitly): does it load, what does it see. */
export const pkcs11ModulesCheck: DoctorCheck = {
  id: "pkcs11.module",
  area: "pkcs11",
  async run(context) {
    const list = candidates(context);
    if (list.length === 0) {
      return finding(
        { id: "pkcs11.module", area: "pkcs11", title },
        "fail",
        {
          it: "Nessun middleware PKCS#11 per la CNS è installato.",
          en: "No PKCS#11 middleware for the CNS is installed.",
        },
        { installed: [] },
        {
          it: 'Installa il middleware della tua carta (vedi il controllo "Carta nel lettore"); per le CNS InfoCamere: bit4id Universal Middleware da card.infocamere.it.',
          en: 'Install your card\'s middleware (see the "Card in the reader" check); for InfoCamere CNS: bit4id Universal Middleware from card.infocamere.it.',
        },
        "https://www.card.infocamere.it/infocard/pub/",
      );
    }
    const findings: DiagnosticCheck[] = [];
    for (const [index, candidate] of list.entries()) {
      findings.push(
        await inspect(context, candidate, list.length > 1 ? `pkcs11.module#${index + 1}` : "pkcs11.module"),
      );
    }
    return findings;
  },
};
