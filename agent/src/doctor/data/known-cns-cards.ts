/**
 * Smart cards and tokens that carry an Italian CNS, recognized by their ATR, with the middleware
 * that drives them. Data, not code: add a card here and `cns-agent doctor` names it and asks for
 * its middleware. Patterns are ATR bytes in hex with `..` for a byte that varies between batches
 * (checksum TCK, issuer or chip revision); the first matching entry wins, so specific patterns
 * come before general ones.
 *
 * Sources: the ATR list of pcsc-tools (/usr/share/pcsc/smartcard_list.txt, Debian pcsc-tools
 * 1.6.2), where users record the cards they own, and the card issuers' driver pages. The
 * "generation" follows InfoCamere's naming: the first CNS cards were Siemens CardOS M4 chips
 * (CNS 1.0); later batches moved to Incard, Oberthur/IDEMIA, Athena and bit4id chips (CNS 2.0).
 */
export interface KnownCnsCard {
  readonly id: string;
  readonly atrPattern: string;
  readonly family: string;
  readonly manufacturer: string;
  readonly generation: string;
  /** `KnownModule.id`s that drive it, preferred first. Empty: the issuer's own middleware only. */
  readonly modules: readonly string[];
  /** Where the holder downloads the middleware. */
  readonly docUrl: string;
}

const INFOCAMERE_DOWNLOADS = "https://www.card.infocamere.it/infocard/pub/";

export const KNOWN_CNS_CARDS: readonly KnownCnsCard[] = [
  {
    id: "infocamere-cardos-m4",
    atrPattern: "3B FC 98 00 FF C1 10 31 FE 55 C8 03 49 6E 66 6F 63 61 6D 65 72 65 ..",
    family: "InfoCamere CNS (Siemens CardOS M4.01a)",
    manufacturer: "Siemens Informatica",
    generation: "CNS 1.0",
    modules: ["opensc"],
    docUrl: INFOCAMERE_DOWNLOADS,
  },
  {
    id: "bit4id-tokenme",
    atrPattern: "3B 9F 11 81 31 FE 9F 00 6B 42 49 54 34 49 44 20 33 2E 30 00 90 00 ..",
    family: "bit4id TokenME / DigitalDNA key",
    manufacturer: "bit4id",
    generation: "CNS 2.0",
    modules: ["bit4id"],
    docUrl: INFOCAMERE_DOWNLOADS,
  },
  {
    id: "bit4id-j-sign",
    atrPattern: "3B FF 18 00 00 81 31 FE 55 00 6B 02 09 05 03 01 01 01 43 4E 53 10 31 80 ..",
    family: "bit4id J-SIGN CNS",
    manufacturer: "bit4id",
    generation: "CNS 2.0",
    modules: ["bit4id"],
    docUrl: INFOCAMERE_DOWNLOADS,
  },
  {
    id: "idemia-id-one-cns",
    atrPattern: "3B FF 18 00 00 81 31 FE 45 00 6B 05 05 .. .. .. .. 01 43 4E 53 10 31 80 ..",
    family: "IDEMIA ID-One CNS (Oberthur Cosmo)",
    manufacturer: "IDEMIA (Oberthur)",
    generation: "CNS 2.0",
    modules: ["idemia"],
    docUrl: INFOCAMERE_DOWNLOADS,
  },
  {
    id: "incard-cns",
    atrPattern: "3B FF .. 00 .. 81 31 FE 55 00 6B 02 09 .. .. 01 .. 01 43 4E 53 .. 31 80 ..",
    family: "CNS Incard (InfoCamere, Aruba, InfoCert)",
    manufacturer: "Incard (STMicroelectronics)",
    generation: "CNS 2.0",
    modules: ["bit4id", "opensc"],
    docUrl: INFOCAMERE_DOWNLOADS,
  },
  {
    id: "athena-cns",
    atrPattern: "3B DF 18 00 81 31 FE 7D 00 6B 15 0C 01 .. 01 11 01 43 4E 53 10 31 80 ..",
    family: "CNS Athena (Actalis)",
    manufacturer: "Athena Smartcard Solutions",
    generation: "CNS 2.0",
    modules: ["athena"],
    docUrl: "https://www.actalis.com/",
  },
  {
    id: "ts-cns-regional",
    atrPattern: "3B .. 18 00 .. 81 31 FE .. 00 6B .. .. .. .. .. .. .. 43 4E 53 .. 31 80 ..",
    family: "TS-CNS (Tessera Sanitaria - Carta Nazionale dei Servizi regionale)",
    manufacturer: "vari (Regioni)",
    generation: "TS-CNS",
    modules: [],
    docUrl: "https://www.agid.gov.it/it/piattaforme/carta-nazionale-servizi",
  },
];
