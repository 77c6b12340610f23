import { KNOWN_MODULES } from "../../pkcs11/known-modules.js";
import { type DoctorCheck, finding } from "../check.js";
import { installHint } from "../data/module-install-hints.js";

const base = {
  id: "pkcs11.card-module",
  area: "pkcs11",
  title: { it: "Middleware per la carta inserita", en: "Middleware for the inserted card" },
} as const;

/** The card recognized by its ATR needs one of its middleware modules installed: which one is missing, and how to get it. */
export const pkcs11CardModuleCheck: DoctorCheck = {
  ...base,
  async run(context) {
    const known = context.facts.cards.filter((seen) => seen.card !== null);
    const first = known[0]?.card;
    if (first === undefined || first === null) {
      return finding(
        base,
        "skip",
        { it: "Nessuna CNS riconosciuta nel lettore.", en: "No recognized CNS in the reader." },
        {},
      );
    }
    const installed = context.installedModules();
    const present = installed.filter((module) => first.modules.includes(module.id));
    const evidence = {
      card: first.id,
      wanted: [...first.modules],
      installed: installed.map((module) => module.id),
    };
    if (first.modules.length === 0) {
      return finding(
        base,
        "warn",
        {
          it: `${first.family}: il middleware è distribuito dall'ente che ha emesso la carta.`,
          en: `${first.family}: the middleware comes from the body that issued the card.`,
        },
        evidence,
        {
          it: "Scarica il middleware indicato sul sito della tua Regione o dell'emittente della carta.",
          en: "Download the middleware named on your Region's or card issuer's site.",
        },
        first.docUrl,
      );
    }
    const loadedForCard = context.facts.loadedModules.filter(
      (loaded) => loaded.id !== null && first.modules.includes(loaded.id),
    );
    if (
      present.length > 0 &&
      loadedForCard.length > 0 &&
      loadedForCard.every((loaded) => loaded.tokens.length === 0)
    ) {
      return finding(
        base,
        "warn",
        {
          it: `${present.map((module) => module.product).join(", ")} installato, ma non vede la carta nel lettore.`,
          en: `${present.map((module) => module.product).join(", ")} installed, but it does not see the card in the reader.`,
        },
        { ...evidence, tokensSeen: 0 },
        {
          it: "Estrai e reinserisci la carta e riavvia il servizio smart card (Linux: sudo systemctl restart pcscd); se non basta, reinstalla il middleware indicato per la carta.",
          en: "Take the card out and insert it again and restart the smart card service (Linux: sudo systemctl restart pcscd); if that does not help, reinstall the middleware named for the card.",
        },
        first.docUrl,
      );
    }
    if (present.length > 0) {
      return finding(
        base,
        "ok",
        {
          it: `Installato: ${present.map((module) => module.product).join(", ")}.`,
          en: `Installed: ${present.map((module) => module.product).join(", ")}.`,
        },
        evidence,
      );
    }
    const names = first.modules.map((id) => KNOWN_MODULES.find((module) => module.id === id)?.product ?? id);
    const hints = first.modules
      .map((id) => installHint(id, context.platform))
      .filter((hint) => hint !== null);
    return finding(
      base,
      "fail",
      {
        it: `Manca il middleware per ${first.family}: ${names.join(" oppure ")}.`,
        en: `The middleware for ${first.family} is missing: ${names.join(" or ")}.`,
      },
      evidence,
      {
        it: `${hints.map((hint) => hint.it).join("; oppure ")}. Poi chiudi e riapri il browser.`,
        en: `${hints.map((hint) => hint.en).join("; or ")}. Then close and reopen the browser.`,
      },
      first.docUrl,
    );
  },
};
