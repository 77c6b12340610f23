import type { MessageCatalog } from "../message.js";

/** Errors of the agent <-> extension protocol and of the agent's server. */
export const protocolMessages = {
  PROTOCOL_BAD_JSON: {
    it: "Messaggio non valido: non è JSON.",
    en: "Invalid message: not JSON.",
  },
  PROTOCOL_BAD_MESSAGE: {
    it: "Messaggio non valido: {detail}.",
    en: "Invalid message: {detail}.",
  },
  PROTOCOL_UNKNOWN_TYPE: {
    it: "Tipo di messaggio sconosciuto: {type}.",
    en: "Unknown message type: {type}.",
  },
  PROTOCOL_VERSION_UNSUPPORTED: {
    it: "Versione del protocollo {version} non supportata (questo agente parla la versione {supported}). Aggiorna cns-bridge o l'estensione.",
    en: "Protocol version {version} is not supported (this agent speaks version {supported}). Update cns-bridge or the extension.",
  },
  PROTOCOL_FRAME_TOO_LARGE: {
    it: "Messaggio troppo grande (limite {limit} byte).",
    en: "Message too large (limit {limit} bytes).",
  },
  PROTOCOL_TOO_MANY_REQUESTS: {
    it: "Troppe richieste in corso su questa connessione (massimo {limit}). Attendi le risposte.",
    en: "Too many requests in flight on this connection (at most {limit}). Wait for the replies.",
  },
  ORIGIN_NOT_ALLOWED: {
    it: "Connessione rifiutata: l'origine {origin} non è autorizzata a usare cns-bridge.",
    en: "Connection refused: origin {origin} is not allowed to use cns-bridge.",
  },
  HOST_NOT_ALLOWED: {
    it: "Connessione rifiutata: nome host {host} non ammesso.",
    en: "Connection refused: host name {host} is not allowed.",
  },
  JOB_NOT_FOUND: {
    it: "Operazione di firma {jobId} non trovata o già chiusa.",
    en: "Signing job {jobId} not found or already closed.",
  },
  JOB_OUT_OF_ORDER: {
    it: "Parte {seq} del documento arrivata fuori ordine (attesa {expected}).",
    en: "Document piece {seq} arrived out of order (expected {expected}).",
  },
  JOB_SIZE_MISMATCH: {
    it: "Il documento ricevuto ({received} byte) non corrisponde alla dimensione dichiarata ({declared} byte).",
    en: "The received document ({received} bytes) does not match the declared size ({declared} bytes).",
  },
  JOB_HASH_MISMATCH: {
    it: "Il documento ricevuto non corrisponde all'impronta SHA-256 dichiarata: nulla è stato firmato.",
    en: "The received document does not match the declared SHA-256: nothing was signed.",
  },
  JOB_TOO_MANY: {
    it: "Troppe firme aperte su questa connessione (massimo {limit}).",
    en: "Too many open signing jobs on this connection (at most {limit}).",
  },
  JOB_NOT_FINISHED: {
    it: "La firma {jobId} non è ancora completata.",
    en: "Signing job {jobId} is not finished yet.",
  },
} satisfies MessageCatalog;
