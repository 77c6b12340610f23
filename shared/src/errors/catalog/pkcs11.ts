import type { MessageCatalog } from "../message.js";

/**
 * Errors of the PKCS#11 layer: the card's middleware (module), the token, the PIN, keys and
 * mechanisms. Every CKR_* outcome of a PKCS#11 call ends in one of these codes. Messages never
 * contain the PIN nor any value the holder typed.
 */
export const pkcs11Messages = {
  MODULE_NOT_FOUND: {
    it: "Il modulo PKCS#11 {path} non esiste. Controlla il percorso del middleware della carta.",
    en: "The PKCS#11 module {path} does not exist. Check the path of the card middleware.",
  },
  MODULE_NOT_DETECTED: {
    it: "Nessun middleware della carta trovato su questo computer. Installa il software del lettore o della carta, oppure indica il modulo con --module.",
    en: "No card middleware found on this computer. Install the reader or card software, or name the module with --module.",
  },
  MODULE_LOAD_FAILED: {
    it: "Impossibile caricare il modulo PKCS#11 {path}: {detail}.",
    en: "Cannot load the PKCS#11 module {path}: {detail}.",
  },
  CONFIG_INVALID: {
    it: "Il file di configurazione {path} non è valido: {detail}.",
    en: "The configuration file {path} is not valid: {detail}.",
  },
  TOKEN_NOT_PRESENT: {
    it: "Nessuna carta inserita nel lettore. Inserisci la CNS e riprova.",
    en: "No card in the reader. Insert the CNS and try again.",
  },
  TOKEN_REMOVED: {
    it: "La carta è stata rimossa durante l'operazione. Reinseriscila e riprova.",
    en: "The card was removed during the operation. Insert it again and try again.",
  },
  TOKEN_TIMEOUT: {
    it: "La carta «{token}» non ha risposto entro {seconds} secondi. Estrai e reinserisci la carta (o ricollega il lettore) e riprova.",
    en: "The card “{token}” did not answer within {seconds} seconds. Remove and reinsert the card (or reconnect the reader) and try again.",
  },
  TOKEN_NOT_FOUND: {
    it: "Nessuna carta con etichetta o numero di serie «{token}».",
    en: "No card with label or serial number “{token}”.",
  },
  TOKEN_AMBIGUOUS: {
    it: "Ci sono più carte inserite ({tokens}): scegli quale usare con --token.",
    en: "More than one card is inserted ({tokens}): choose one with --token.",
  },
  TOKEN_NOT_RECOGNIZED: {
    it: "La carta inserita non è riconosciuta da questo middleware.",
    en: "The inserted card is not recognised by this middleware.",
  },
  PIN_INCORRECT: {
    it: "PIN errato. Attenzione: dopo alcuni tentativi errati la carta blocca il PIN.",
    en: "Wrong PIN. Careful: after a few wrong attempts the card locks the PIN.",
  },
  PIN_INCORRECT_FINAL_TRY: {
    it: "PIN errato. Resta un solo tentativo: un altro errore bloccherà il PIN (per sbloccarlo servirà il PUK).",
    en: "Wrong PIN. One attempt left: one more mistake will lock the PIN (unlocking it will need the PUK).",
  },
  PIN_LOCKED: {
    it: "Il PIN della carta è bloccato. Sbloccalo con il PUK (lo trovi nella busta della carta).",
    en: "The card PIN is locked. Unlock it with the PUK (it is in the card's envelope).",
  },
  PIN_LEN_RANGE: {
    it: "Il PIN non ha la lunghezza giusta per questa carta.",
    en: "The PIN does not have the right length for this card.",
  },
  PIN_INVALID: {
    it: "Il PIN contiene caratteri non ammessi da questa carta.",
    en: "The PIN contains characters this card does not accept.",
  },
  PIN_EXPIRED: {
    it: "Il PIN della carta è scaduto e va cambiato prima di usarla.",
    en: "The card PIN has expired and must be changed before use.",
  },
  PIN_NOT_INITIALIZED: {
    it: "Il PIN della carta non è mai stato impostato.",
    en: "The card PIN has never been set.",
  },
  USER_NOT_LOGGED_IN: {
    it: "Serve il PIN della carta per questa operazione.",
    en: "This operation needs the card PIN.",
  },
  SESSION_CLOSED: {
    it: "La sessione con la carta è stata chiusa. Riprova.",
    en: "The session with the card was closed. Try again.",
  },
  SESSION_COUNT: {
    it: "La carta ha troppe sessioni aperte. Chiudi gli altri programmi che la usano e riprova.",
    en: "The card has too many open sessions. Close other programs using it and try again.",
  },
  KEY_NOT_FOUND: {
    it: "Chiave privata {keyId} non trovata sulla carta.",
    en: "Private key {keyId} not found on the card.",
  },
  KEY_CANNOT_SIGN: {
    it: "La chiave {keyId} della carta non può firmare.",
    en: "The card key {keyId} cannot sign.",
  },
  KEY_TYPE_UNSUPPORTED: {
    it: "Tipo di chiave non supportato: {keyType}.",
    en: "Unsupported key type: {keyType}.",
  },
  CERTIFICATE_NOT_FOUND: {
    it: "Nessun certificato adatto sulla carta (uso richiesto: {usage}).",
    en: "No suitable certificate on the card (usage requested: {usage}).",
  },
  MECHANISM_UNSUPPORTED: {
    it: "La carta non supporta il meccanismo di firma {mechanism}.",
    en: "The card does not support the signing mechanism {mechanism}.",
  },
  DIGEST_LENGTH_MISMATCH: {
    it: "L'impronta da firmare ha {actual} byte, ma {algorithm} ne richiede {expected}.",
    en: "The digest to sign has {actual} bytes, but {algorithm} needs {expected}.",
  },
  SIGN_INPUT_REJECTED: {
    it: "La carta ha rifiutato i dati da firmare.",
    en: "The card refused the data to sign.",
  },
  DEVICE_ERROR: {
    it: "Errore del lettore o della carta. Estrai e reinserisci la carta, poi riprova.",
    en: "Reader or card error. Remove and insert the card again, then try again.",
  },
  FUNCTION_FAILED: {
    it: "La carta non è riuscita a completare l'operazione. Riprova.",
    en: "The card could not complete the operation. Try again.",
  },
  FUNCTION_NOT_SUPPORTED: {
    it: "Il middleware della carta non offre questa funzione ({method}).",
    en: "The card middleware does not offer this function ({method}).",
  },
  OPERATION_CANCELED: {
    it: "Operazione annullata sulla carta.",
    en: "Operation cancelled on the card.",
  },
  PKCS11_ERROR: {
    it: "Errore del middleware della carta: {ckr} in {method}.",
    en: "Card middleware error: {ckr} in {method}.",
  },
} satisfies MessageCatalog;
