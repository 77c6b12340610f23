import { type DoctorCheck, finding } from "../check.js";
import { matchAtr } from "../match-atr.js";
import { parseOpenscAtr, parseOpenscReaders } from "../parsers/parse-opensc-readers.js";

const readersBase = {
  id: "pcsc.readers",
  area: "pcsc",
  title: { it: "Lettori di smart card", en: "Smart card readers" },
} as const;
const cardBase = {
  id: "pcsc.card",
  area: "pcsc",
  title: { it: "Carta nel lettore", en: "Card in the reader" },
} as const;

const OPENSC_MISSING = {
  it: "Installa OpenSC (Linux: sudo apt install opensc) per elencare lettori e carte.",
  en: "Install OpenSC (Linux: sudo apt install opensc) to list readers and cards.",
};

/**
 * Readers, cards and ATRs through OpenSC's `opensc-tool` (`-l`, then `-r N -a` per reader with a
 * card): a tool the CNS middleware setups already install, with a plain, stable output and no
 * native binding to build. pcsc_scan was not chosen: it never exits on its own without `-r`/`-t`
 * and tries to download its ATR list from the network.
 */
export const pcscReadersCheck: DoctorCheck = {
  ...readersBase,
  async run(context) {
    if (context.facts.pcscReachable === false) {
      const noService = { it: "Servizio PC/SC non disponibile.", en: "PC/SC service not available." };
      return [finding(readersBase, "skip", noService, {}), finding(cardBase, "skip", noService, {})];
    }
    const listing = await context.runTool("opensc-tool", ["--list-readers"], { env: context.env });
    if (!listing.found) {
      const skipped = { it: "opensc-tool non installato.", en: "opensc-tool not installed." };
      return [
        finding(readersBase, "warn", skipped, { tool: "opensc-tool", found: false }, OPENSC_MISSING),
        finding(cardBase, "skip", skipped, { tool: "opensc-tool", found: false }),
      ];
    }
    const readers = parseOpenscReaders(listing.stdout);
    if (readers.length === 0) {
      return [
        finding(
          readersBase,
          "fail",
          { it: "Nessun lettore di smart card trovato.", en: "No smart card reader found." },
          { readers: [], tool: "opensc-tool -l" },
          {
            it: "Collega il lettore (o il token DigitalDNA) a una porta USB; se è già collegato, installa il driver del lettore (Linux: sudo apt install libccid) e riavvia pcscd.",
            en: "Plug the reader (or the DigitalDNA token) into a USB port; if it is plugged in, install the reader driver (Linux: sudo apt install libccid) and restart pcscd.",
          },
        ),
        finding(cardBase, "skip", { it: "Nessun lettore.", en: "No reader." }, {}),
      ];
    }
    const readersFinding = finding(
      readersBase,
      "ok",
      {
        it: `${readers.length} lettore/i: ${readers.map((reader) => reader.name).join(", ")}.`,
        en: `${readers.length} reader(s): ${readers.map((reader) => reader.name).join(", ")}.`,
      },
      { readers: readers.map((reader) => `${reader.name}${reader.cardPresent ? " [carta]" : ""}`) },
    );
    const withCard = readers.filter((reader) => reader.cardPresent);
    if (withCard.length === 0) {
      return [
        readersFinding,
        finding(
          cardBase,
          "warn",
          { it: "Nessuna carta inserita.", en: "No card inserted." },
          { readersWithCard: [] },
          {
            it: "Inserisci la CNS nel lettore con il chip verso l'alto e verso l'interno, poi riprova.",
            en: "Insert the CNS into the reader, chip up and facing in, then try again.",
          },
        ),
      ];
    }
    const cards = [];
    for (const reader of withCard) {
      const result = await context.runTool("opensc-tool", ["--reader", String(reader.index), "--atr"], {
        env: context.env,
      });
      const atr = parseOpenscAtr(result.stdout);
      cards.push({ reader: reader.name, atr });
      if (atr !== null) context.facts.cards.push({ reader: reader.name, atr, card: matchAtr(atr) });
    }
    const findings = [readersFinding];
    for (const [index, seen] of cards.entries()) {
      const id = cards.length > 1 ? `${cardBase.id}#${index + 1}` : cardBase.id;
      const base = { ...cardBase, id };
      if (seen.atr === null) {
        findings.push(
          finding(
            base,
            "fail",
            {
              it: `La carta in "${seen.reader}" non risponde.`,
              en: `The card in "${seen.reader}" does not answer.`,
            },
            { reader: seen.reader, atr: null },
            {
              it: "Estrai e reinserisci la carta; se non basta, pulisci i contatti del chip o prova un altro lettore.",
              en: "Take the card out and insert it again; if that does not help, clean the chip contacts or try another reader.",
            },
          ),
        );
        continue;
      }
      const known = matchAtr(seen.atr);
      if (known === null) {
        findings.push(
          finding(
            base,
            "warn",
            {
              it: `Carta con ATR non riconosciuto come CNS: ${seen.atr}.`,
              en: `Card with an ATR not known as a CNS: ${seen.atr}.`,
            },
            { reader: seen.reader, atr: seen.atr, knownCard: null },
            {
              it: "Verifica che sia la CNS (non il bancomat o la tessera sanitaria senza CNS attivata); se lo è, segnala l'ATR all'assistenza.",
              en: "Check that this is the CNS (not a bank card or a health card without CNS); if it is, report the ATR to support.",
            },
          ),
        );
        continue;
      }
      findings.push(
        finding(
          base,
          "ok",
          {
            it: `${known.family}, ${known.generation} (${known.manufacturer}).`,
            en: `${known.family}, ${known.generation} (${known.manufacturer}).`,
          },
          { reader: seen.reader, atr: seen.atr, knownCard: known.id, generation: known.generation },
          null,
          known.docUrl,
        ),
      );
    }
    return findings;
  },
};
