import type { MessageCatalog } from "../message.js";

/** Errors any part of cns-bridge can raise: bad input, usage, internal faults. */
export const generalMessages = {
  BAD_INPUT: {
    it: "Dati non validi: {detail}.",
    en: "Invalid input: {detail}.",
  },
  BAD_USAGE: {
    it: "Uso non corretto: {detail}.",
    en: "Wrong usage: {detail}.",
  },
  FILE_NOT_FOUND: {
    it: "File non trovato: {path}.",
    en: "File not found: {path}.",
  },
  FILE_UNREADABLE: {
    it: "Impossibile leggere il file {path}.",
    en: "Cannot read the file {path}.",
  },
  AGENT_PORT_IN_USE: {
    it: 'La porta {port} di 127.0.0.1 è già in uso: forse cns-bridge è già avviato (controlla con cns-agent doctor). Altrimenti scegli un\'altra porta con --port o con "port" nel file di configurazione {configPath}.',
    en: 'Port {port} on 127.0.0.1 is already in use: cns-bridge may already be running (check with cns-agent doctor). Otherwise choose another port with --port or "port" in the config file {configPath}.',
  },
  INTERNAL: {
    it: "Errore interno inatteso. Riprova; se si ripete, usa la Diagnostica e contatta l'assistenza.",
    en: "Unexpected internal error. Try again; if it happens again, run Diagnostics and contact support.",
  },
} satisfies MessageCatalog;
