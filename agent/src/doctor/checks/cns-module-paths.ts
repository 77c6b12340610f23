import type { DoctorContext } from "../doctor-context.js";

/**
 * The module files a browser should have registered for the CNS: the one given explicitly, the
 * modules that loaded and show a token, then every card middleware installed (not SoftHSM2).
 */
export function cnsModulePaths(context: DoctorContext): string[] {
  const paths: string[] = [];
  const add = (path: string): void => {
    if (!paths.includes(path)) paths.push(path);
  };
  if (context.explicitModule !== null) add(context.explicitModule.path);
  for (const loaded of context.facts.loadedModules) if (loaded.tokens.length > 0) add(loaded.path);
  for (const module of context.installedModules()) if (module.id !== "softhsm2") add(module.path);
  return paths;
}
