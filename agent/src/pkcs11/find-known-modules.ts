import { existsSync, realpathSync } from "node:fs";
import { KNOWN_MODULES, type KnownModule } from "./known-modules.js";

export interface InstalledModule {
  readonly id: string;
  readonly vendor: string;
  readonly product: string;
  readonly path: string;
}

/**
 * The known modules whose file exists on this machine, in the table's order. A file reached by
 * two candidate paths (Debian links opensc-pkcs11.so from two directories) is listed once.
 */
export function findInstalledModules(
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
  table: readonly KnownModule[] = KNOWN_MODULES,
  realPath: (path: string) => string = realpathSync,
): InstalledModule[] {
  const seen = new Set<string>();
  return table.flatMap((module) =>
    (module.paths[platform] ?? [])
      .filter((path) => {
        if (!exists(path)) {
          return false;
        }
        const real = realPath(path);
        const fresh = !seen.has(real);
        seen.add(real);
        return fresh;
      })
      .map((path) => ({ id: module.id, vendor: module.vendor, product: module.product, path })),
  );
}
