import { isCnsBridgeError } from "@cns-bridge/shared";
import { findInstalledModules } from "../pkcs11/find-known-modules.js";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import { openPkcs11Module } from "../pkcs11/pkcs11js-module.js";
import { type ModuleChoice, selectModule } from "../pkcs11/select-module.js";
import { configFilePath, readConfigFile } from "./config-file.js";

/** Whether a module shows a token now; a module that does not load shows none. */
export async function moduleHasToken(path: string): Promise<boolean> {
  let module: Pkcs11Module | undefined;
  try {
    module = openPkcs11Module(path);
    return (await module.getSlots(true)).length > 0;
  } catch (error) {
    if (isCnsBridgeError(error) || error instanceof Error) {
      return false;
    }
    throw error;
  } finally {
    await module?.finalize().catch(() => undefined);
  }
}

/** Chooses the module (flag > env > config > auto-detection) and loads it. */
export async function openSelectedModule(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ module: Pkcs11Module; choice: ModuleChoice }> {
  const needsConfig = flag === undefined && !env.CNS_BRIDGE_MODULE;
  const config = needsConfig ? await readConfigFile(configFilePath(env)) : {};
  const choice = await selectModule({
    flag,
    env: env.CNS_BRIDGE_MODULE,
    config: config.modulePath,
    installed: findInstalledModules(),
    hasToken: moduleHasToken,
  });
  return { module: openPkcs11Module(choice.path), choice };
}
