import type { MessageCatalog } from "../message.js";

/**
 * Errors of the CNS identifiers (codice fiscale, partita IVA) and of certificate parsing.
 * Messages never repeat the value that was refused: a codice fiscale is personal data and
 * error messages end up in logs.
 */
export const cnsMessages = {
  CF_BAD_LENGTH: {
    it: "Codice fiscale non valido: deve avere 16 caratteri (ne ha {length}).",
    en: "Invalid codice fiscale: it must be 16 characters long (it has {length}).",
  },
  CF_BAD_FORMAT: {
    it: "Codice fiscale non valido: {detail}.",
    en: "Invalid codice fiscale: {detail}.",
  },
  CF_BAD_CHECK_CHAR: {
    it: "Codice fiscale non valido: il carattere di controllo non corrisponde. Controlla di averlo copiato bene.",
    en: "Invalid codice fiscale: the check character does not match. Check that it was copied correctly.",
  },
  CF_BAD_DATE: {
    it: "Codice fiscale non valido: la data di nascita non esiste ({detail}).",
    en: "Invalid codice fiscale: the birth date does not exist ({detail}).",
  },
  CF_NOT_PERSONAL: {
    it: "Questo è un codice fiscale numerico di 11 cifre (di un'impresa o di un ente), non quello di una persona fisica.",
    en: "This is an 11-digit numeric codice fiscale (of a company or an organisation), not a person's one.",
  },
  PIVA_BAD_LENGTH: {
    it: "Partita IVA non valida: deve avere 11 cifre (ne ha {length}).",
    en: "Invalid partita IVA (VAT number): it must have 11 digits (it has {length}).",
  },
  PIVA_BAD_FORMAT: {
    it: "Partita IVA non valida: {detail}.",
    en: "Invalid partita IVA (VAT number): {detail}.",
  },
  PIVA_BAD_OFFICE_CODE: {
    it: "Partita IVA non valida: il codice dell'ufficio {office} non esiste.",
    en: "Invalid partita IVA (VAT number): office code {office} does not exist.",
  },
  PIVA_BAD_CHECK_DIGIT: {
    it: "Partita IVA non valida: la cifra di controllo non corrisponde. Controlla di averla copiata bene.",
    en: "Invalid partita IVA (VAT number): the check digit does not match. Check that it was copied correctly.",
  },
  CERT_MALFORMED: {
    it: "Il certificato non è leggibile (non è un certificato X.509 valido): {detail}.",
    en: "The certificate cannot be read (not a valid X.509 certificate): {detail}.",
  },
} satisfies MessageCatalog;
