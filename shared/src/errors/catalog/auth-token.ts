import type { MessageCatalog } from "../message.js";

/** Why a server refuses a CNS auth token. */
export const authTokenMessages = {
  AUTH_TOKEN_MALFORMED: {
    it: "Token di autenticazione non valido: {detail}.",
    en: "Invalid authentication token: {detail}.",
  },
  AUTH_TOKEN_NOT_AUTHENTICATION_CERTIFICATE: {
    it: "Il certificato usato non è un certificato di autenticazione CNS: {detail}.",
    en: "The certificate used is not a CNS authentication certificate: {detail}.",
  },
  AUTH_TOKEN_CERTIFICATE_EXPIRED: {
    it: "Il certificato di autenticazione della CNS è scaduto il {date}: rinnovalo o richiedi un nuovo dispositivo.",
    en: "The CNS authentication certificate expired on {date}: renew it or request a new device.",
  },
  AUTH_TOKEN_CERTIFICATE_NOT_YET_VALID: {
    it: "Il certificato di autenticazione della CNS non è ancora valido (dal {date}).",
    en: "The CNS authentication certificate is not valid yet (from {date}).",
  },
  AUTH_TOKEN_CERTIFICATE_UNTRUSTED: {
    it: "Il certificato di autenticazione non è emesso da un'autorità di certificazione riconosciuta.",
    en: "The authentication certificate was not issued by a trusted certification authority.",
  },
  AUTH_TOKEN_ALGORITHM_MISMATCH: {
    it: "L'algoritmo dichiarato ({algorithm}) non corrisponde alla chiave del certificato.",
    en: "The declared algorithm ({algorithm}) does not match the certificate's key.",
  },
  AUTH_TOKEN_WEAK_KEY: {
    it: "La chiave del certificato è troppo debole ({detail}).",
    en: "The certificate's key is too weak ({detail}).",
  },
  AUTH_TOKEN_SIGNATURE_INVALID: {
    it: "La firma del token di autenticazione non è valida per questo sito e questa richiesta.",
    en: "The authentication token's signature is not valid for this site and this challenge.",
  },
  AUTH_TOKEN_CHALLENGE_EXPIRED: {
    it: "La richiesta di autenticazione è scaduta: riprova.",
    en: "The authentication challenge has expired: try again.",
  },
  AUTH_TOKEN_CHALLENGE_REUSED: {
    it: "Questa richiesta di autenticazione è già stata usata: riprova.",
    en: "This authentication challenge was already used: try again.",
  },
} satisfies MessageCatalog;
