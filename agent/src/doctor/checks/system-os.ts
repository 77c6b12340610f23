import { arch, release, type as osType, version as osVersion } from "node:os";
import { type DoctorCheck, finding } from "../check.js";

const base = {
  id: "system.os",
  area: "system",
  title: { it: "Sistema operativo", en: "Operating system" },
} as const;

const SUPPORTED: readonly NodeJS.Platform[] = ["linux", "win32", "darwin"];

export const systemOsCheck: DoctorCheck = {
  ...base,
  async run(context) {
    const description = `${osType()} ${release()} (${arch()})`;
    const evidence = {
      platform: context.platform,
      os: description,
      kernel: osVersion(),
      node: process.version,
    };
    if (!SUPPORTED.includes(context.platform)) {
      return finding(
        base,
        "warn",
        { it: `Sistema non supportato: ${description}.`, en: `Unsupported system: ${description}.` },
        evidence,
        { it: "Usa Windows, macOS o Linux.", en: "Use Windows, macOS or Linux." },
      );
    }
    return finding(base, "ok", { it: description, en: description }, evidence);
  },
};
