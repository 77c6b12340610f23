import type { MessageCatalog } from "../message.js";

/** PDF signing (PAdES) and PDF signature verification. */
export const padesMessages = {
  PDF_MALFORMED: {
    it: "Il PDF è danneggiato o non è un PDF: {detail}.",
    en: "The PDF is damaged or not a PDF: {detail}.",
  },
  PDF_XREF_MALFORMED: {
    it: "La tabella dei riferimenti incrociati del PDF è danneggiata ({detail}): non si può aggiungere una firma senza rischiare di rovinare il documento.",
    en: "The PDF's cross-reference table is damaged ({detail}): a signature cannot be appended without risking the document.",
  },
  PDF_ENCRYPTED: {
    it: "Il PDF è cifrato o protetto da password: rimuovi la protezione prima di firmarlo.",
    en: "The PDF is encrypted or password-protected: remove the protection before signing it.",
  },
  PDF_CERTIFIED_NO_CHANGES: {
    it: "Il PDF è certificato dall'autore senza consentire modifiche: una nuova firma invaliderebbe la certificazione.",
    en: "The PDF is certified by its author with no changes allowed: a new signature would invalidate the certification.",
  },
  PDF_A_CONFORMANCE_AT_RISK: {
    it: "Il PDF dichiara la conformità PDF/A ({part}): la firma aggiunge una revisione che alcuni validatori PDF/A potrebbero segnalare.",
    en: "The PDF declares PDF/A conformance ({part}): the signature appends a revision that some PDF/A validators may flag.",
  },
  PDF_PAGE_OUT_OF_RANGE: {
    it: "La pagina {page} non esiste: il documento ha {pages} pagine.",
    en: "Page {page} does not exist: the document has {pages} pages.",
  },
  PDF_APPEARANCE_RECT_INVALID: {
    it: "Il riquadro della firma visibile non è valido: {detail}.",
    en: "The visible signature box is invalid: {detail}.",
  },
  PDF_SIGNATURE_TOO_LARGE: {
    it: "La firma ({size} byte) non entra nello spazio riservato ({reserved} byte).",
    en: "The signature ({size} bytes) does not fit the reserved space ({reserved} bytes).",
  },
  PDF_NOT_SIGNED: {
    it: "Il PDF non contiene firme.",
    en: "The PDF contains no signatures.",
  },
  PDF_SUBFILTER_UNSUPPORTED: {
    it: "Formato di firma PDF non supportato: {subFilter} (atteso ETSI.CAdES.detached o adbe.pkcs7.detached).",
    en: "Unsupported PDF signature format: {subFilter} (expected ETSI.CAdES.detached or adbe.pkcs7.detached).",
  },
  PDF_SIGNATURE_DICT_MALFORMED: {
    it: "Il dizionario della firma è malformato: {detail}.",
    en: "The signature dictionary is malformed: {detail}.",
  },
  PDF_BYTE_RANGE_INVALID: {
    it: "L'intervallo firmato (ByteRange) non è valido: {detail}.",
    en: "The signed byte range (ByteRange) is invalid: {detail}.",
  },
  PDF_BYTE_RANGE_NOT_WHOLE_REVISION: {
    it: "La firma non copre l'intera revisione del documento: {detail}.",
    en: "The signature does not cover its whole document revision: {detail}.",
  },
  PDF_MODIFIED_AFTER_SIGNING: {
    it: "Il documento è stato modificato dopo la firma: {detail}.",
    en: "The document was modified after signing: {detail}.",
  },
  PDF_CMS_SIGNING_TIME_PRESENT: {
    it: "La firma PAdES contiene l'attributo signing-time, che il profilo vieta (l'ora va in /M).",
    en: "The PAdES signature carries a signing-time attribute, which the profile forbids (the time belongs in /M).",
  },
  PDF_CMS_NOT_ONE_SIGNER: {
    it: "Una firma PDF deve contenere esattamente un firmatario, questa ne contiene {count}.",
    en: "A PDF signature must hold exactly one signer; this one holds {count}.",
  },
} satisfies MessageCatalog;
