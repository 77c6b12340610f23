import type { LocalizedMessage } from "@cns-bridge/shared";

/**
 * How to install each known middleware (`KnownModule.id`), per operating system: the exact
 * package or download the holder needs. Data beside `KNOWN_MODULES`, which says where each one
 * lands once installed.
 */
export const MODULE_INSTALL_HINTS: Readonly<
  Record<
    string,
    Readonly<Partial<Record<NodeJS.Platform, LocalizedMessage>>> & { readonly any: LocalizedMessage }
  >
> = {
  bit4id: {
    any: {
      it: 'installa "bit4id Universal Middleware" dalla pagina Software di card.infocamere.it',
      en: 'install "bit4id Universal Middleware" from the Software page of card.infocamere.it',
    },
  },
  athena: {
    any: {
      it: 'installa "Athena IDProtect Client" (libASEP11) indicato dall\'emittente della carta',
      en: 'install "Athena IDProtect Client" (libASEP11) as the card issuer indicates',
    },
  },
  idemia: {
    any: {
      it: "installa il middleware IDEMIA/Oberthur (libOcsCryptoki) dalla pagina Software di card.infocamere.it",
      en: "install the IDEMIA/Oberthur middleware (libOcsCryptoki) from the Software page of card.infocamere.it",
    },
  },
  opensc: {
    linux: {
      it: "installa OpenSC: sudo apt install opensc-pkcs11 (Debian/Ubuntu) oppure sudo dnf install opensc (Fedora)",
      en: "install OpenSC: sudo apt install opensc-pkcs11 (Debian/Ubuntu) or sudo dnf install opensc (Fedora)",
    },
    darwin: {
      it: "installa OpenSC: brew install --cask opensc",
      en: "install OpenSC: brew install --cask opensc",
    },
    any: {
      it: "installa OpenSC (OpenSC-*.msi da github.com/OpenSC/OpenSC/releases)",
      en: "install OpenSC (OpenSC-*.msi from github.com/OpenSC/OpenSC/releases)",
    },
  },
  softhsm2: {
    linux: { it: "sudo apt install softhsm2", en: "sudo apt install softhsm2" },
    any: { it: "installa SoftHSM2", en: "install SoftHSM2" },
  },
};

export function installHint(moduleId: string, platform: NodeJS.Platform): LocalizedMessage | null {
  const hints = MODULE_INSTALL_HINTS[moduleId];
  return hints === undefined ? null : (hints[platform] ?? hints.any);
}
