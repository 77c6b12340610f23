import type { CertificateSummary, Language, PinFlags, TokenSummary } from "@cns-bridge/shared";

const WORDS = {
  it: {
    none: "Nessuna carta trovata.",
    token: "Carta",
    serial: "numero di serie",
    maker: "Produttore",
    pin: "PIN",
    certificates: "Certificati",
    noCertificates: "nessun certificato",
    usage: { authentication: "autenticazione", signature: "firma", unknown: "sconosciuto" },
    columns: [
      "Uso",
      "Codice fiscale",
      "Titolare",
      "Emesso da",
      "Scade il",
      "Giorni",
      "Chiave",
      "Qualificato",
    ],
    yes: "sì",
    no: "no",
    pinState: {
      ok: "ok",
      userPinCountLow: "tentativi errati",
      userPinFinalTry: "ultimo tentativo",
      userPinLocked: "bloccato",
      userPinToBeChanged: "da cambiare",
    },
  },
  en: {
    none: "No card found.",
    token: "Card",
    serial: "serial number",
    maker: "Manufacturer",
    pin: "PIN",
    certificates: "Certificates",
    noCertificates: "no certificates",
    usage: { authentication: "authentication", signature: "signature", unknown: "unknown" },
    columns: ["Usage", "Codice fiscale", "Holder", "Issued by", "Expires", "Days", "Key", "Qualified"],
    yes: "yes",
    no: "no",
    pinState: {
      ok: "ok",
      userPinCountLow: "wrong attempts",
      userPinFinalTry: "final try",
      userPinLocked: "locked",
      userPinToBeChanged: "to be changed",
    },
  },
} as const;

/** The human form of `cns-agent tokens`: one block per card, one table row per certificate. */
export function renderTokens(tokens: readonly TokenSummary[], language: Language): string {
  const words = WORDS[language];
  if (tokens.length === 0) {
    return words.none;
  }
  return tokens.map((token) => renderToken(token, language)).join("\n\n");
}

function renderToken(token: TokenSummary, language: Language): string {
  const words = WORDS[language];
  const header = [
    `${words.token}: ${printable(token.label)} (${words.serial} ${printable(token.serial)})`,
    `${words.maker}: ${printable(`${token.manufacturer} ${token.model}`)}`.trimEnd(),
    `${words.pin}: ${describePin(token.pinFlags, language)}`,
  ];
  if (token.certificates.length === 0) {
    return [...header, `${words.certificates}: ${words.noCertificates}`].join("\n");
  }
  const rows = token.certificates.map((certificate) => certificateRow(certificate, language).map(printable));
  return [...header, `${words.certificates}:`, table([words.columns, ...rows])].join("\n");
}

function certificateRow(certificate: CertificateSummary, language: Language): string[] {
  const words = WORDS[language];
  const holder = [certificate.holder.givenName, certificate.holder.surname].filter(Boolean).join(" ");
  return [
    words.usage[certificate.usage],
    certificate.holder.codiceFiscale ?? "-",
    holder || "-",
    certificate.issuer,
    certificate.notAfter.slice(0, 10),
    String(certificate.daysToExpiry),
    certificate.keyAlgorithm,
    certificate.qualified ? words.yes : words.no,
  ];
}

function describePin(flags: PinFlags, language: Language): string {
  const states = WORDS[language].pinState;
  const set = (["userPinLocked", "userPinFinalTry", "userPinCountLow", "userPinToBeChanged"] as const).filter(
    (flag) => flags[flag],
  );
  return set.length === 0 ? states.ok : set.map((flag) => states[flag]).join(", ");
}

/**
 * Token labels, names and issuers come from the card: a control character (an ANSI escape
 * sequence, a carriage return) must not reach the terminal and rewrite what the user sees.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

function table(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}`.trimEnd())
    .join("\n");
}
