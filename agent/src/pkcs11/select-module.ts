import { CnsBridgeError } from "@cns-bridge/shared";
import type { InstalledModule } from "./find-known-modules.js";

export type ModuleSource = "flag" | "env" | "config" | "auto";

export interface ModuleChoice {
  readonly path: string;
  readonly source: ModuleSource;
}

export interface ModuleSelectionInputs {
  /** `--module PATH`. */
  readonly flag?: string | undefined;
  /** `CNS_BRIDGE_MODULE`. */
  readonly env?: string | undefined;
  /** `modulePath` of the config file. */
  readonly config?: string | undefined;
  /** Known modules present on this machine, in preference order. */
  readonly installed: readonly InstalledModule[];
  /** Whether the module at this path shows at least one token; a module that fails to load shows none. */
  readonly hasToken: (path: string) => Promise<boolean>;
}

/**
 * Which PKCS#11 module to use: `--module` > `CNS_BRIDGE_MODULE` > config file > the first known
 * module present that shows a token (or, when none shows one, the first present, so the user is
 * told "insert the card" rather than "install the middleware").
 */
export async function selectModule(inputs: ModuleSelectionInputs): Promise<ModuleChoice> {
  const explicit: [string | undefined, ModuleSource][] = [
    [inputs.flag, "flag"],
    [inputs.env, "env"],
    [inputs.config, "config"],
  ];
  for (const [path, source] of explicit) {
    if (path !== undefined && path.trim() !== "") {
      return { path, source };
    }
  }
  for (const candidate of inputs.installed) {
    if (await inputs.hasToken(candidate.path)) {
      return { path: candidate.path, source: "auto" };
    }
  }
  const first = inputs.installed[0];
  if (first === undefined) {
    throw new CnsBridgeError("MODULE_NOT_DETECTED");
  }
  return { path: first.path, source: "auto" };
}
