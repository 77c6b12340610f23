export {
  type CodiceFiscaleBirthDate,
  computeCodiceFiscaleCheckChar,
  isValidCodiceFiscale,
  maskCodiceFiscale,
  type ParsedCodiceFiscale,
  parseCodiceFiscale,
} from "./codice-fiscale.js";
export {
  computePartitaIvaCheckDigit,
  isValidPartitaIva,
  type ParsedPartitaIva,
  parsePartitaIva,
} from "./partita-iva.js";
