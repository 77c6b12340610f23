import type { MessageCatalog } from "../message.js";

/** Errors of `cns-agent doctor` itself (the findings it reports are not errors). */
export const doctorMessages = {
  BUNDLE_WRITE_FAILED: {
    it: "Impossibile scrivere il pacchetto di diagnostica {path}: {detail}.",
    en: "Cannot write the diagnostics bundle {path}: {detail}.",
  },
  SELF_TEST_NEEDS_PIN: {
    it: "La prova di firma chiede il PIN: aggiungi --pin-stdin e scrivi il PIN sulla prima riga.",
    en: "The signing self-test needs the PIN: add --pin-stdin and write the PIN on the first line.",
  },
} satisfies MessageCatalog;
