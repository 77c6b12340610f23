import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { CnsBridgeError, type Language } from "@cns-bridge/shared";
import { configFilePath, readConfigFile } from "../cli/config-file.js";
import { findInstalledModules } from "../pkcs11/find-known-modules.js";
import { openPkcs11Module } from "../pkcs11/pkcs11js-module.js";
import { DEFAULT_AGENT_PORT } from "../server/agent-server.js";
import type { DoctorContext, InsideAgent } from "./doctor-context.js";
import { probeAgentPort } from "./probe-agent-port.js";
import { runTool } from "./run-tool.js";

export interface DoctorOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly language?: Language;
  /** `--module PATH`. */
  readonly moduleFlag?: string | undefined;
  /** `--port N`; otherwise the config file's `port`, otherwise the default. */
  readonly port?: number | undefined;
  readonly insideAgent?: InsideAgent | null;
  readonly selfTestPin?: string | null;
  /** `--ca FILE` (PEM, one or more certificates), added to the config's `trustedCaFiles`. */
  readonly caFiles?: readonly string[];
  /** `--token LABEL|SERIAL`. */
  readonly tokenSelector?: string | undefined;
  readonly now?: Date;
  readonly home?: string;
}

/**
 * The real machine as the checks see it. The config file is read leniently here (a broken one is
 * the config check's finding, not a reason to stop): its module path and port are used when valid.
 */
export async function createDoctorContext(options: DoctorOptions = {}): Promise<DoctorContext> {
  const env = options.env ?? process.env;
  const configPath = configFilePath(env);
  const config = await readConfigFile(configPath).catch(() => ({}) as Record<string, unknown>);
  const configModule = typeof config.modulePath === "string" ? config.modulePath : undefined;
  const configPort = typeof config.port === "number" ? config.port : undefined;
  const configCaFiles = Array.isArray(config.trustedCaFiles)
    ? config.trustedCaFiles.filter((file): file is string => typeof file === "string")
    : [];
  const trustedCaPem: string[] = [];
  for (const file of [...configCaFiles, ...(options.caFiles ?? [])]) {
    try {
      trustedCaPem.push(await readFile(file, "utf8"));
    } catch (error) {
      throw new CnsBridgeError("FILE_UNREADABLE", { path: file }, { cause: error });
    }
  }
  const explicit: DoctorContext["explicitModule"] =
    options.moduleFlag !== undefined && options.moduleFlag !== ""
      ? { path: options.moduleFlag, source: "flag" }
      : env.CNS_BRIDGE_MODULE
        ? { path: env.CNS_BRIDGE_MODULE, source: "env" }
        : configModule !== undefined
          ? { path: configModule, source: "config" }
          : null;
  return {
    platform: process.platform,
    env,
    home: options.home ?? env.HOME ?? homedir(),
    now: options.now ?? new Date(),
    language: options.language ?? "it",
    runTool,
    openModule: openPkcs11Module,
    installedModules: () => findInstalledModules(),
    explicitModule: explicit,
    configPath,
    agentPort: options.port ?? configPort ?? DEFAULT_AGENT_PORT,
    probeAgent: (port) => probeAgentPort(port),
    insideAgent: options.insideAgent ?? null,
    selfTestPin: options.selfTestPin ?? null,
    tokenSelector: options.tokenSelector?.trim() || null,
    trustedCaPem,
    personalData: new Set(),
    facts: { cards: [], loadedModules: [], agent: null, pcscReachable: null },
  };
}
