import { findInstalledModules } from "../../pkcs11/find-known-modules.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit-codes.js";

/** `cns-agent modules`: the known card middleware found on this machine. */
export const modulesCommand: CliCommand = {
  name: "modules",
  summary: {
    it: "Elenca i middleware PKCS#11 noti presenti su questo computer.",
    en: "List the known PKCS#11 middleware present on this computer.",
  },
  usage: "[--json]",
  async run(context) {
    const modules = findInstalledModules();
    if (context.global.json) {
      context.printJson({ modules });
      return EXIT.ok;
    }
    if (modules.length === 0) {
      context.printLine(
        context.global.lang === "it" ? "Nessun middleware noto trovato." : "No known middleware found.",
      );
      return EXIT.ok;
    }
    for (const module of modules) {
      context.printLine(`${module.product} — ${module.vendor}\n  ${module.path}`);
    }
    return EXIT.ok;
  },
};
