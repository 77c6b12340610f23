import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { DiagnosticCheck } from "@cns-bridge/shared";
import { type DoctorCheck, finding } from "../check.js";
import type { DoctorContext } from "../doctor-context.js";
import { parseFirefoxProfilesIni } from "../parsers/parse-firefox-profiles.js";
import { parsePkcs11Txt } from "../parsers/parse-nss-modules.js";
import { cnsModulePaths } from "./cns-module-paths.js";

const title = { it: "Firefox: dispositivo di sicurezza", en: "Firefox: security device" };

/** Where Firefox keeps profiles.ini, per OS (plus the snap and flatpak builds on Linux). */
export function firefoxRoots(context: Pick<DoctorContext, "platform" | "env" | "home">): string[] {
  if (context.platform === "win32") {
    return [join(context.env.APPDATA ?? join(context.home, "AppData", "Roaming"), "Mozilla", "Firefox")];
  }
  if (context.platform === "darwin") return [join(context.home, "Library", "Application Support", "Firefox")];
  return [
    join(context.home, ".mozilla", "firefox"),
    join(context.home, "snap", "firefox", "common", ".mozilla", "firefox"),
    join(context.home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox"),
  ];
}

/**
 * Firefox needs the card's PKCS#11 module as a "security device" in each profile for the TLS
 * client login of real portals ("Procedi con CNS"). The module list is the profile's pkcs11.txt,
 * read as a file so that a running Firefox is not disturbed.
 */
export const browserFirefoxCheck: DoctorCheck = {
  id: "browsers.firefox",
  area: "browsers",
  async run(context) {
    const profiles: { name: string; dir: string }[] = [];
    for (const root of firefoxRoots(context)) {
      const ini = join(root, "profiles.ini");
      if (!existsSync(ini)) continue;
      for (const entry of parseFirefoxProfilesIni(readFileSync(ini, "utf8"))) {
        profiles.push({
          name: entry.name,
          dir: entry.isRelative || !isAbsolute(entry.path) ? join(root, entry.path) : entry.path,
        });
      }
    }
    if (profiles.length === 0) {
      return finding(
        { id: "browsers.firefox", area: "browsers", title },
        "skip",
        { it: "Nessun profilo di Firefox trovato.", en: "No Firefox profile found." },
        { roots: firefoxRoots(context) },
      );
    }
    const wanted = cnsModulePaths(context);
    const findings: DiagnosticCheck[] = [];
    for (const [index, profile] of profiles.entries()) {
      const base = {
        id: profiles.length > 1 ? `browsers.firefox#${index + 1}` : "browsers.firefox",
        area: "browsers" as const,
        title,
      };
      const file = join(profile.dir, "pkcs11.txt");
      const modules = existsSync(file) ? parsePkcs11Txt(readFileSync(file, "utf8")) : [];
      const registered = modules
        .filter((module) => module.library !== null)
        .map((module) => module.library as string);
      const cns = registered.filter((library) => wanted.includes(library));
      const evidence = { profile: profile.name, directory: profile.dir, registered };
      if (cns.length > 0) {
        findings.push(
          finding(
            base,
            "ok",
            {
              it: `Profilo "${profile.name}": modulo della CNS registrato.`,
              en: `Profile "${profile.name}": CNS module registered.`,
            },
            evidence,
          ),
        );
        continue;
      }
      const module = wanted[0] ?? "/percorso/del/modulo-pkcs11";
      findings.push(
        finding(
          base,
          "warn",
          {
            it: `Profilo "${profile.name}": nessun modulo della CNS tra i dispositivi di sicurezza (serve per "Procedi con CNS").`,
            en: `Profile "${profile.name}": no CNS module among the security devices (needed for "Procedi con CNS").`,
          },
          evidence,
          {
            it: `In Firefox: Impostazioni > Privacy e sicurezza > Dispositivi di sicurezza > Carica, nome "CNS", file ${module}. Oppure, a Firefox chiuso: modutil -dbdir sql:${profile.dir} -add CNS -libfile ${module}`,
            en: `In Firefox: Settings > Privacy & Security > Security Devices > Load, name "CNS", file ${module}. Or, with Firefox closed: modutil -dbdir sql:${profile.dir} -add CNS -libfile ${module}`,
          },
          "https://support.mozilla.org/kb/installing-pkcs11-modules",
        ),
      );
    }
    return findings;
  },
};
