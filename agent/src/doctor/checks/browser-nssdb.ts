import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DoctorCheck, finding } from "../check.js";
import { parseModutilList } from "../parsers/parse-nss-modules.js";
import { cnsModulePaths } from "./cns-module-paths.js";

const base = {
  id: "browsers.chrome-nssdb",
  area: "browsers",
  title: { it: "Chrome/Chromium/Edge: database NSS", en: "Chrome/Chromium/Edge: NSS database" },
} as const;

/**
 * On Linux Chrome, Chromium and Edge take client certificates from the shared NSS database
 * ~/.pki/nssdb: the CNS module must be registered there for TLS login. Read with `modutil -list`,
 * which also says whether NSS manages to load each module.
 */
export const browserNssdbCheck: DoctorCheck = {
  ...base,
  async run(context) {
    if (context.platform !== "linux") {
      return finding(
        base,
        "skip",
        {
          it: "Su questo sistema Chrome usa l'archivio certificati del sistema.",
          en: "On this system Chrome uses the system certificate store.",
        },
        { platform: context.platform },
      );
    }
    const dir = join(context.home, ".pki", "nssdb");
    if (!existsSync(join(dir, "cert9.db")) && !existsSync(join(dir, "pkcs11.txt"))) {
      return finding(
        base,
        "skip",
        {
          it: "Database NSS di Chrome non presente (Chrome/Chromium mai avviato).",
          en: "No Chrome NSS database (Chrome/Chromium never started).",
        },
        { directory: dir },
      );
    }
    const result = await context.runTool("modutil", ["-list", "-dbdir", `sql:${dir}`], {
      env: context.env,
      timeoutMs: 15_000,
    });
    if (!result.found) {
      return finding(
        base,
        "warn",
        {
          it: "modutil non installato: impossibile leggere il database NSS.",
          en: "modutil not installed: cannot read the NSS database.",
        },
        { directory: dir },
        { it: "sudo apt install libnss3-tools", en: "sudo apt install libnss3-tools" },
      );
    }
    const modules = parseModutilList(result.stdout);
    const wanted = cnsModulePaths(context);
    const registered = modules.filter((module) => module.library !== null);
    const cns = registered.filter((module) => wanted.includes(module.library as string));
    const evidence = {
      directory: dir,
      registered: registered.map((module) => `${module.name}: ${module.library} (${module.status ?? "?"})`),
    };
    const broken = cns.filter((module) => module.status !== undefined && module.status !== "loaded");
    if (cns.length > 0 && broken.length === cns.length) {
      return finding(
        base,
        "fail",
        {
          it: "Il modulo della CNS è registrato ma NSS non riesce a caricarlo.",
          en: "The CNS module is registered but NSS cannot load it.",
        },
        evidence,
        {
          it: "Reinstalla il middleware della carta, poi chiudi e riapri il browser.",
          en: "Reinstall the card's middleware, then close and reopen the browser.",
        },
      );
    }
    if (cns.length > 0) {
      return finding(
        base,
        "ok",
        { it: "Modulo della CNS registrato.", en: "CNS module registered." },
        evidence,
      );
    }
    const module = wanted[0] ?? "/percorso/del/modulo-pkcs11";
    return finding(
      base,
      "warn",
      {
        it: "Modulo della CNS non registrato per Chrome/Chromium/Edge.",
        en: "CNS module not registered for Chrome/Chromium/Edge.",
      },
      evidence,
      {
        it: `A browser chiuso: modutil -dbdir sql:${dir} -add CNS -libfile ${module}`,
        en: `With the browser closed: modutil -dbdir sql:${dir} -add CNS -libfile ${module}`,
      },
    );
  },
};
