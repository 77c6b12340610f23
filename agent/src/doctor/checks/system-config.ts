import { existsSync } from "node:fs";
import { isCnsBridgeError } from "@cns-bridge/shared";
import { readConfigFile } from "../../cli/config-file.js";
import { type DoctorCheck, finding } from "../check.js";

const base = {
  id: "system.config",
  area: "system",
  title: { it: "File di configurazione", en: "Configuration file" },
} as const;

export const systemConfigCheck: DoctorCheck = {
  ...base,
  async run(context) {
    const path = context.configPath;
    if (!existsSync(path)) {
      return finding(
        base,
        "ok",
        {
          it: "Nessun file di configurazione: si usano i valori predefiniti.",
          en: "No configuration file: defaults apply.",
        },
        { path, present: false },
      );
    }
    try {
      const config = await readConfigFile(path);
      return finding(
        base,
        "ok",
        { it: "File di configurazione valido.", en: "Configuration file valid." },
        { path, present: true, keys: Object.keys(config).sort() },
      );
    } catch (error) {
      const detail = isCnsBridgeError(error) ? String(error.params.detail ?? error.code) : String(error);
      return finding(
        base,
        "fail",
        { it: `File di configurazione non valido: ${detail}.`, en: `Invalid configuration file: ${detail}.` },
        { path, present: true, error: detail },
        {
          it: `Correggi o rinomina ${path} (JSON con, ad esempio, "modulePath": "/percorso/modulo.so").`,
          en: `Fix or rename ${path} (JSON with, e.g., "modulePath": "/path/module.so").`,
        },
      );
    }
  },
};
