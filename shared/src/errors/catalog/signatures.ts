import type { MessageCatalog } from "../message.js";

/**
 * CMS / CAdES signing and the verifier shared by CAdES and PAdES. Every verification failure is
 * one of these codes, so the CLI, the extension and the portal report the same thing.
 */
export const signatureMessages = {
  CMS_MALFORMED: {
    it: "La busta firmata (CMS/PKCS#7) è danneggiata o non è una busta firmata: {detail}.",
    en: "The signed envelope (CMS/PKCS#7) is damaged or not a signed envelope: {detail}.",
  },
  CMS_NO_SIGNATURES: {
    it: "La busta non contiene alcuna firma.",
    en: "The envelope contains no signature.",
  },
  CMS_CONTENT_MISSING: {
    it: "La firma è separata (detached): serve anche il documento firmato.",
    en: "The signature is detached: the signed document is needed too.",
  },
  CMS_CONTENT_UNEXPECTED: {
    it: "La busta contiene già il documento: non passare un contenuto separato.",
    en: "The envelope already contains the document: do not pass separate content.",
  },
  CMS_SIGNER_INDEX_OUT_OF_RANGE: {
    it: "La firma numero {index} non esiste: la busta ne contiene {count}.",
    en: "Signature number {index} does not exist: the envelope holds {count}.",
  },
  SIG_DIGEST_MISMATCH: {
    it: "Il documento non corrisponde all'impronta firmata: è stato modificato dopo la firma.",
    en: "The document does not match the signed digest: it was modified after signing.",
  },
  SIG_SIGNED_ATTRS_MISSING: {
    it: "La firma non ha attributi firmati: non è una firma CAdES.",
    en: "The signature has no signed attributes: it is not a CAdES signature.",
  },
  SIG_ATTRIBUTE_MISSING: {
    it: "Manca l'attributo firmato obbligatorio {attribute}.",
    en: "The mandatory signed attribute {attribute} is missing.",
  },
  SIG_ATTRIBUTE_MALFORMED: {
    it: "L'attributo firmato {attribute} è malformato o ripetuto.",
    en: "The signed attribute {attribute} is malformed or repeated.",
  },
  SIG_CONTENT_TYPE_MISMATCH: {
    it: "Il tipo di contenuto firmato non corrisponde a quello della busta.",
    en: "The signed content type does not match the envelope's.",
  },
  SIG_SIGNATURE_INVALID: {
    it: "La firma crittografica non è valida per il certificato indicato.",
    en: "The cryptographic signature is not valid for the stated certificate.",
  },
  SIG_SIGNER_CERT_MISSING: {
    it: "Il certificato del firmatario non è nella busta.",
    en: "The signer's certificate is not in the envelope.",
  },
  SIG_SIGNING_CERT_V2_MISMATCH: {
    it: "L'attributo signing-certificate-v2 non corrisponde al certificato del firmatario ({detail}).",
    en: "The signing-certificate-v2 attribute does not match the signer certificate ({detail}).",
  },
  SIG_SIGNING_CERT_V2_MISSING: {
    it: "Manca l'attributo signing-certificate-v2 che lega la firma al certificato.",
    en: "The signing-certificate-v2 attribute binding the signature to the certificate is missing.",
  },
  SIG_DIGEST_ALGORITHM_NOT_ALLOWED: {
    it: "Algoritmo di impronta non ammesso: {algorithm}.",
    en: "Digest algorithm not allowed: {algorithm}.",
  },
  SIG_SIGNATURE_ALGORITHM_NOT_ALLOWED: {
    it: "Algoritmo di firma non ammesso: {algorithm}.",
    en: "Signature algorithm not allowed: {algorithm}.",
  },
  SIG_KEY_TOO_WEAK: {
    it: "Chiave del firmatario debole: {algorithm} a {bits} bit (ammessa solo per firme di vecchie CNS, non per nuove firme).",
    en: "Weak signer key: {algorithm} {bits} bits (accepted only for signatures of older CNS, not for new ones).",
  },
  SIG_CHAIN_UNTRUSTED: {
    it: "Il certificato del firmatario non risale a un'autorità fidata: {detail}.",
    en: "The signer certificate does not chain to a trusted authority: {detail}.",
  },
  SIG_CERT_NOT_VALID_AT_SIGNING_TIME: {
    it: "Il certificato del firmatario non era valido al momento della firma ({time}).",
    en: "The signer certificate was not valid at signing time ({time}).",
  },
  SIG_CERT_MALFORMED: {
    it: "Il certificato del firmatario è malformato.",
    en: "The signer certificate is malformed.",
  },
  SIG_COUNTERSIGNATURE_INVALID: {
    it: "Una controfirma non è valida.",
    en: "A countersignature is not valid.",
  },
  SIGN_CERTIFICATE_NOT_VALID: {
    it: "Il certificato di firma non è valido oggi (valido dal {notBefore} al {notAfter}): non si può firmare.",
    en: "The signing certificate is not valid today (valid from {notBefore} to {notAfter}): cannot sign.",
  },
  SIGN_INPUT_UNREADABLE: {
    it: "Impossibile leggere il file da firmare {path}.",
    en: "Cannot read the file to sign {path}.",
  },
  SIGN_OUTPUT_UNWRITABLE: {
    it: "Impossibile scrivere il file firmato {path}.",
    en: "Cannot write the signed file {path}.",
  },
} satisfies MessageCatalog;
