import type { MessageCatalog } from "../message.js";

/** Errors of the browser extension and of the page API portals use. */
export const extensionMessages = {
  AGENT_NOT_RUNNING: {
    it: "cns-bridge non è in esecuzione su questo computer. Avvia cns-bridge e riprova.",
    en: "cns-bridge is not running on this computer. Start cns-bridge and try again.",
  },
  AGENT_TOO_OLD: {
    it: "La versione di cns-bridge installata ({agentVersion}) è troppo vecchia per questa estensione. Aggiorna cns-bridge.",
    en: "The installed cns-bridge ({agentVersion}) is too old for this extension. Update cns-bridge.",
  },
  EXTENSION_TOO_OLD: {
    it: "Questa estensione è troppo vecchia per cns-bridge {agentVersion}. Aggiorna l'estensione.",
    en: "This extension is too old for cns-bridge {agentVersion}. Update the extension.",
  },
  AGENT_REPLY_INVALID: {
    it: "Risposta non valida da cns-bridge ({detail}). Usa la Diagnostica.",
    en: "Invalid reply from cns-bridge ({detail}). Run Diagnostics.",
  },
  AGENT_CONNECTION_LOST: {
    it: "La connessione con cns-bridge si è interrotta durante l'operazione. Riprova.",
    en: "The connection to cns-bridge was lost during the operation. Try again.",
  },
  NO_TOKEN: {
    it: "Nessuna CNS trovata. Inserisci la carta nel lettore o collega il token e riprova.",
    en: "No CNS found. Insert the card in the reader or plug in the token and try again.",
  },
  PIN_CANCELLED: {
    it: "Inserimento del PIN annullato.",
    en: "PIN entry cancelled.",
  },
  CONSENT_REFUSED: {
    it: "Firma rifiutata: nessun documento è stato firmato.",
    en: "Signature refused: no document was signed.",
  },
  SITE_NOT_SECURE: {
    it: "Il sito {origin} non usa una connessione sicura (https): cns-bridge non può essere usato.",
    en: "The site {origin} does not use a secure connection (https): cns-bridge cannot be used.",
  },
  SITE_NOT_ALLOWED: {
    it: "Il sito {origin} non è autorizzato a usare la tua CNS. Puoi cambiarlo nelle opzioni dell'estensione.",
    en: "The site {origin} is not allowed to use your CNS. You can change this in the extension options.",
  },
  PAGE_API_TIMEOUT: {
    it: "Nessuna risposta dall'estensione cns-bridge per {action} entro {seconds} secondi. Controlla che l'estensione sia installata e attiva.",
    en: "No answer from the cns-bridge extension for {action} within {seconds} seconds. Check that the extension is installed and enabled.",
  },
  PAGE_API_BAD_REQUEST: {
    it: "Richiesta della pagina non valida: {detail}.",
    en: "Invalid request from the page: {detail}.",
  },
  DIALOG_BUSY: {
    it: "C'è già una richiesta in attesa di conferma. Completa o annulla quella e riprova.",
    en: "Another request is already waiting for confirmation. Complete or cancel it and try again.",
  },
  SIGNED_OUTPUT_MISMATCH: {
    it: "Il file firmato ricevuto da cns-bridge è incompleto o alterato ({name}). Riprova.",
    en: "The signed file received from cns-bridge is incomplete or altered ({name}). Try again.",
  },
  PORTAL_ORIGIN_INVALID: {
    it: "Indirizzo del portale non valido ({origin}): scrivi solo schema, nome e porta, per esempio https://portale.camcom.it (http è ammesso solo per 127.0.0.1 o localhost).",
    en: "Invalid portal address ({origin}): give only scheme, host and port, e.g. https://portale.camcom.it (http only for 127.0.0.1 or localhost).",
  },
  PORTAL_ORIGIN_NOT_CONFIGURED: {
    it: "L'accesso con la CNS è consentito solo al portale configurato nelle opzioni ({configured}), non a {origin}. Controlla l'indirizzo del portale nelle opzioni dell'estensione.",
    en: "CNS login is allowed only for the portal set in the options ({configured}), not for {origin}. Check the portal address in the extension options.",
  },
  PORTAL_PERMISSION_MISSING: {
    it: "L'estensione non ha il permesso di collegarsi al portale {origin}. Apri le opzioni dell'estensione, salva di nuovo l'indirizzo del portale e consenti l'accesso.",
    en: "The extension may not connect to the portal {origin}. Open the extension options, save the portal address again and allow access.",
  },
} satisfies MessageCatalog;
