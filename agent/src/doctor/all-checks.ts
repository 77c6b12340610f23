import type { DoctorCheck } from "./check.js";
import { browserExtensionCheck } from "./checks/browser-extension.js";
import { browserFirefoxCheck } from "./checks/browser-firefox.js";
import { browserNssdbCheck } from "./checks/browser-nssdb.js";
import { pcscReadersCheck } from "./checks/pcsc-readers.js";
import { pcscServiceCheck } from "./checks/pcsc-service.js";
import { pkcs11CardModuleCheck } from "./checks/pkcs11-card-module.js";
import { pkcs11ModulesCheck } from "./checks/pkcs11-modules.js";
import { signingSelfTestCheck } from "./checks/signing-self-test.js";
import { systemAgentCheck } from "./checks/system-agent.js";
import { systemConfigCheck } from "./checks/system-config.js";
import { systemOsCheck } from "./checks/system-os.js";
import { systemPortCheck } from "./checks/system-port.js";
import { tokenChecks } from "./checks/token-checks.js";

/** Every check, in run order: later ones read what earlier ones found (ATR -> middleware, modules -> tokens). */
export const ALL_CHECKS: readonly DoctorCheck[] = [
  systemOsCheck,
  systemAgentCheck,
  systemConfigCheck,
  systemPortCheck,
  pcscServiceCheck,
  pcscReadersCheck,
  pkcs11ModulesCheck,
  pkcs11CardModuleCheck,
  tokenChecks,
  browserExtensionCheck,
  browserFirefoxCheck,
  browserNssdbCheck,
  signingSelfTestCheck,
];
