import type { MessageCatalog } from "../message.js";

/**
 * Errors of the self-service route ("Ho già una firma digitale"): requester, contacts,
 * passphrase, delivery, device, price and the request lifecycle. Each says what to do.
 */
export const routeMessages = {
  ROUTE_INPUT_INVALID: {
    it: "Dati non validi ({field}): {detail}. Correggi il campo indicato e riprova.",
    en: "Invalid data ({field}): {detail}. Fix the field and try again.",
  },
  ROUTE_PROVINCE_UNKNOWN: {
    it: "La sigla di provincia «{province}» non esiste. Usa la sigla di due lettere (per esempio PO, TO, BS).",
    en: 'The province code "{province}" does not exist. Use the two-letter code (e.g. PO, TO, BS).',
  },
  ROUTE_CHAMBER_NOT_SERVED: {
    it: "La provincia {province} non è servita da questo portale: rivolgiti alla Camera di Commercio competente per {reason}.",
    en: "Province {province} is not served by this portal: contact the competent Chamber of Commerce for {reason}.",
  },
  ROUTE_PARTITA_IVA_INVALID: {
    it: "Partita IVA dell'impresa non valida: controlla le 11 cifre riportate nella visura camerale.",
    en: "Invalid company VAT number (partita IVA): check the 11 digits on the company register extract.",
  },
  ROUTE_REA_INVALID: {
    it: "Numero REA non valido: scrivilo come sigla della provincia e numero, per esempio PO-123456.",
    en: "Invalid REA number: write it as the province code and number, e.g. PO-123456.",
  },
  ROUTE_REA_PROVINCE_MISMATCH: {
    it: "Il numero REA è della provincia {reaProvince}, ma la sede legale indicata è in provincia di {province}: indica la provincia della sede legale.",
    en: "The REA number belongs to province {reaProvince}, but the registered office is in {province}: give the registered office's province.",
  },
  ROUTE_EMAIL_INVALID: {
    it: "Indirizzo email non valido: scrivilo nella forma nome@dominio.it.",
    en: "Invalid email address: write it as name@domain.it.",
  },
  ROUTE_EMAIL_PEC: {
    it: "«{domain}» è un dominio di posta elettronica certificata (PEC). Serve la tua email personale ordinaria: la PEC non riceve messaggi da indirizzi non certificati, e lì arriverebbero la passphrase e i codici PIN e PUK.",
    en: '"{domain}" is a certified email (PEC) domain. Give your ordinary personal email: a PEC mailbox does not receive mail from non-certified senders, and the passphrase and PIN/PUK codes are sent there.',
  },
  ROUTE_MOBILE_INVALID: {
    it: "Numero di cellulare non valido: serve un cellulare italiano, per esempio 333 1234567 o +39 333 1234567.",
    en: "Invalid mobile number: an Italian mobile is needed, e.g. 333 1234567 or +39 333 1234567.",
  },
  ROUTE_PASSPHRASE_WEAK: {
    it: "Passphrase non valida: {passphraseRules}. Scegline una di almeno 10 caratteri, con una lettera minuscola, una maiuscola e una cifra.",
    en: "Invalid passphrase: {passphraseRules}. Choose one of at least 10 characters, with a lowercase letter, an uppercase letter and a digit.",
  },
  ROUTE_ADDRESS_ABROAD: {
    it: "La spedizione all'estero non è possibile: indica un indirizzo in Italia oppure scegli il ritiro presso la Camera di Commercio.",
    en: "Shipping abroad is not possible: give an address in Italy or choose pick-up at the Chamber of Commerce.",
  },
  ROUTE_ADDRESS_INVALID: {
    it: "Indirizzo di spedizione non valido ({field}): {detail}.",
    en: "Invalid shipping address ({field}): {detail}.",
  },
  ROUTE_SHIPPING_NOT_OFFERED: {
    it: "La {chamber} non spedisce i dispositivi: scegli il ritiro di persona presso la Camera.",
    en: "The {chamber} does not ship devices: choose pick-up in person at the Chamber.",
  },
  ROUTE_DEVICE_NOT_OFFERED: {
    it: "La {chamber} non rilascia il dispositivo «{device}» con questa procedura: scegli tra {available}.",
    en: 'The {chamber} does not issue the "{device}" device on this route: choose among {available}.',
  },
  ROUTE_PRICE_MISSING: {
    it: "Tariffa non disponibile per {device} presso la {chamber}: contatta la Camera di Commercio.",
    en: "No price for {device} at the {chamber}: contact the Chamber of Commerce.",
  },
  ROUTE_DATA_INVALID: {
    it: "I dati di configurazione del percorso sono errati ({detail}): segnala il problema all'assistenza.",
    en: "The route's configuration data is wrong ({detail}): report it to support.",
  },
  ROUTE_TRANSITION_REFUSED: {
    it: "La richiesta è nello stato «{from}» e non può passare a «{to}»: {hint}",
    en: 'The request is in state "{from}" and cannot move to "{to}": {hint}',
  },
  ROUTE_SESSION_REQUIRED: {
    it: "Sessione assente o scaduta: accedi di nuovo con «Procedi con CNS».",
    en: 'No session or session expired: log in again with "Procedi con CNS".',
  },
  ROUTE_CHALLENGE_INVALID: {
    it: "La richiesta di accesso è scaduta o è già stata usata: ricarica la pagina e riprova con «Procedi con CNS».",
    en: 'The login challenge expired or was already used: reload the page and try "Procedi con CNS" again.',
  },
  ROUTE_REQUEST_NOT_FOUND: {
    it: "Richiesta non trovata: avvia una nuova richiesta dalla pagina iniziale.",
    en: "Request not found: start a new request from the home page.",
  },
  ROUTE_UPLOAD_TOO_LARGE: {
    it: "Il file supera il limite di {limit} MB: carica il documento firmato scaricato da questo portale.",
    en: "The file exceeds the {limit} MB limit: upload the signed document downloaded from this portal.",
  },
  ROUTE_UPLOAD_TYPE: {
    it: "Il file caricato non è un PDF firmato né un file .p7m: firma il documento con la CNS e carica il file prodotto.",
    en: "The uploaded file is neither a signed PDF nor a .p7m file: sign the document with the CNS and upload the resulting file.",
  },
  ROUTE_UPLOAD_NOT_SIGNED: {
    it: "Il file non contiene una firma digitale: firmalo con la CNS (formato CAdES .p7m o PAdES) e caricalo di nuovo.",
    en: "The file holds no digital signature: sign it with the CNS (CAdES .p7m or PAdES) and upload it again.",
  },
  ROUTE_UPLOAD_SIGNATURE_INVALID: {
    it: "La firma non è valida ({detail}): firma di nuovo il documento originale scaricato da questo portale.",
    en: "The signature is not valid ({detail}): sign the original document downloaded from this portal again.",
  },
  ROUTE_UPLOAD_NOT_QUALIFIED: {
    it: "La firma non è una firma digitale qualificata: usa il certificato di firma della CNS, non quello di autenticazione.",
    en: "The signature is not a qualified electronic signature: use the CNS signing certificate, not the authentication one.",
  },
  ROUTE_UPLOAD_WRONG_SIGNER: {
    it: "Il documento è firmato da un'altra persona ({signer}): deve firmarlo il titolare che ha fatto l'accesso ({holder}), con la propria CNS.",
    en: "The document is signed by someone else ({signer}): the holder who logged in ({holder}) must sign it with their own CNS.",
  },
  ROUTE_UPLOAD_CONTENT_CHANGED: {
    it: "Il documento firmato non è identico a quello generato dal portale: scarica di nuovo «{title}», firmalo senza modificarlo e caricalo.",
    en: 'The signed document is not identical to the one the portal generated: download "{title}" again, sign it without changes and upload it.',
  },
  ROUTE_UPLOAD_CERTIFICATE_EXPIRED: {
    it: "Il certificato di firma è scaduto il {date}: con una CNS scaduta non si può usare questa procedura, rivolgiti allo sportello della Camera di Commercio.",
    en: "The signing certificate expired on {date}: an expired CNS cannot be used on this route, go to the Chamber of Commerce's desk.",
  },
  ROUTE_PAYMENT_UNAVAILABLE: {
    it: "Il servizio pagoPA non ha accettato la richiesta ({detail}): riprova tra qualche minuto; non è stato addebitato nulla.",
    en: "pagoPA did not accept the request ({detail}): try again in a few minutes; nothing was charged.",
  },
  ROUTE_PASSPHRASE_MISMATCH: {
    it: "Le due passphrase non coincidono: riscrivi nel secondo campo la stessa passphrase del primo.",
    en: "The two passphrases differ: type the same passphrase in the second field as in the first.",
  },
  ROUTE_REQUESTER_FIRST: {
    it: "Scegli prima chi fa la richiesta: da lì dipende la Camera di Commercio e quello che offre.",
    en: "Choose first who is requesting: the Chamber of Commerce, and what it offers, depends on it.",
  },
} satisfies MessageCatalog;
