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
    it: "Passphrase non valida: {missing}. Serve almeno 10 caratteri, con almeno una lettera minuscola, una maiuscola e una cifra.",
    en: "Invalid passphrase: {missing}. At least 10 characters with a lowercase letter, an uppercase letter and a digit are required.",
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
} satisfies MessageCatalog;
