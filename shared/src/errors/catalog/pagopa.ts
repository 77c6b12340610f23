import type { MessageCatalog } from "../message.js";

/**
 * Errors of the pagoPA rules (notice numbers, QR, notices, carts, receipts) and the node's own
 * fault codes (PAA_* / PPT_*) as a payer or a creditor should read them.
 */
export const pagopaMessages = {
  PAGOPA_NOTICE_NUMBER_INVALID: {
    it: "Numero Avviso non valido: {detail}.",
    en: "Invalid notice number (Numero Avviso): {detail}.",
  },
  PAGOPA_NOTICE_NUMBER_CHECK_DIGITS: {
    it: "Numero Avviso non valido: le cifre di controllo dovrebbero essere {expected}, non {found}.",
    en: "Invalid notice number: the check digits should be {expected}, not {found}.",
  },
  PAGOPA_NOTICE_NUMBER_PARTS_INVALID: {
    it: "Impossibile comporre il Numero Avviso: {detail}.",
    en: "Cannot build the notice number: {detail}.",
  },
  PAGOPA_CREDITOR_FISCAL_CODE_INVALID: {
    it: "Codice Fiscale dell'Ente Creditore non valido: {detail}.",
    en: "Invalid creditor fiscal code: {detail}.",
  },
  PAGOPA_AMOUNT_INVALID: {
    it: "Importo non valido: {detail}. Gli importi sono in centesimi di euro, interi e maggiori di zero.",
    en: "Invalid amount: {detail}. Amounts are whole euro cents greater than zero.",
  },
  PAGOPA_QR_PAYLOAD_INVALID: {
    it: "Contenuto del codice QR pagoPA non valido: {detail}.",
    en: "Invalid pagoPA QR code content: {detail}.",
  },
  PAGOPA_NOTICE_INVALID: {
    it: "Dati dell'avviso di pagamento non validi: {detail}.",
    en: "Invalid payment notice data: {detail}.",
  },
  PAGOPA_CART_INVALID: {
    it: "Carrello di pagamento non valido: {detail}.",
    en: "Invalid payment cart: {detail}.",
  },
  PAGOPA_CART_REJECTED: {
    it: "pagoPA Checkout ha rifiutato il carrello (HTTP {status}): {detail}.",
    en: "pagoPA Checkout refused the cart (HTTP {status}): {detail}.",
  },
  PAGOPA_RECEIPT_INVALID: {
    it: "Ricevuta pagoPA non valida: {detail}.",
    en: "Invalid pagoPA receipt: {detail}.",
  },
  PAGOPA_RECEIPT_SIGNATURE_INVALID: {
    it: "La ricevuta pagoPA non è autentica: firma assente o errata.",
    en: "The pagoPA receipt is not authentic: signature missing or wrong.",
  },
  PAGOPA_RECEIPT_MISMATCH: {
    it: "La ricevuta non corrisponde all'avviso atteso ({field}).",
    en: "The receipt does not match the expected notice ({field}).",
  },
  PAGOPA_RECEIPT_HOLDER_CHANGED: {
    it: "L'intestatario della ricevuta è fissato al momento del pagamento e non può essere cambiato.",
    en: "The receipt holder is fixed when the payment is made and cannot be changed.",
  },
  PAGOPA_RECEIPT_DOUBLE_PAYMENT: {
    it: "L'avviso {noticeNumber} risulta pagato con due ricevute diverse ({first}, {second}).",
    en: "Notice {noticeNumber} appears paid with two different receipts ({first}, {second}).",
  },
  PAA_PAGAMENTO_SCONOSCIUTO: {
    it: "Pagamento sconosciuto: l'ente creditore non conosce questo avviso.",
    en: "Unknown payment: the creditor does not know this notice.",
  },
  PAA_PAGAMENTO_SCADUTO: {
    it: "L'avviso di pagamento è scaduto.",
    en: "The payment notice has expired.",
  },
  PAA_PAGAMENTO_ANNULLATO: {
    it: "L'avviso di pagamento è stato annullato dall'ente creditore.",
    en: "The payment notice was cancelled by the creditor.",
  },
  PAA_PAGAMENTO_DUPLICATO: {
    it: "Il pagamento di questo avviso è già stato effettuato.",
    en: "This notice has already been paid.",
  },
  PPT_PAGAMENTO_IN_CORSO: {
    it: "Un pagamento per questo avviso è già in corso. Riprova tra qualche minuto.",
    en: "A payment for this notice is already in progress. Try again in a few minutes.",
  },
} satisfies MessageCatalog;
