import type { Language } from "@cns-bridge/shared";
import type { InstalledModule } from "../pkcs11/find-known-modules.js";
import type { Pkcs11Module } from "../pkcs11/pkcs11-module.js";
import type { TokenSlot } from "../tokens/token-directory.js";
import type { KnownCnsCard } from "./data/known-cns-cards.js";
import type { AgentProbe } from "./probe-agent-port.js";
import type { RunTool } from "./run-tool.js";

/** A card seen in a reader by the PC/SC check. */
export interface CardSeen {
  readonly reader: string;
  readonly atr: string;
  readonly card: KnownCnsCard | null;
}

/** A module the PKCS#11 check loaded, kept open for the token checks; the runner finalizes it. */
export interface LoadedModule {
  readonly id: string | null;
  readonly path: string;
  readonly module: Pkcs11Module;
  readonly tokens: readonly TokenSlot[];
}

/** What earlier checks found, for later ones. */
export interface DoctorFacts {
  cards: CardSeen[];
  loadedModules: LoadedModule[];
  agent: AgentProbe | null;
  /** False when the PC/SC service check found no service: reader checks then have nothing to ask. */
  pcscReachable: boolean | null;
}

/** The running agent, when the doctor runs inside it (the `diagnostics.run` message). */
export interface InsideAgent {
  /** The extension origin that asked for the report. */
  readonly origin: string;
}

/**
 * Everything a check may touch, passed in so that tests point it at their own pcscd socket,
 * SoftHSM2 config, home directory and a fault-injecting PKCS#11 module.
 */
export interface DoctorContext {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly now: Date;
  readonly language: Language;
  readonly runTool: RunTool;
  /** Loads a module (the real one is `openPkcs11Module`); throws CnsBridgeError on failure. */
  readonly openModule: (path: string) => Pkcs11Module;
  /** The known modules present on this machine. */
  readonly installedModules: () => InstalledModule[];
  /** `--module`, `CNS_BRIDGE_MODULE` or the config file's module, when one was given. */
  readonly explicitModule: { readonly path: string; readonly source: "flag" | "env" | "config" } | null;
  readonly configPath: string;
  readonly agentPort: number;
  readonly probeAgent: (port: number) => Promise<AgentProbe>;
  readonly insideAgent: InsideAgent | null;
  /**
   * The CAs a CNS should chain to (PEM texts from `--ca FILE` and the config's `trustedCaFiles`):
   * the Chambers' CA list is published by AgID and changes, so it is configuration, not code.
   */
  readonly trustedCaPem: readonly string[];
  /** `--token`: label or serial of the one token to examine; null: every token. */
  readonly tokenSelector: string | null;
  /** Run the signing self-test with this PIN (the user asked and consented); null: skipped. */
  readonly selfTestPin: string | null;
  /**
   * Values the report must mask when redacted (token serials, holder names, codici fiscali):
   * checks add what they read; the redactor masks them wherever they appear.
   */
  readonly personalData: Set<string>;
  readonly facts: DoctorFacts;
}
