import { isValidCodiceFiscale } from "./codice-fiscale.js";
import type { DistinguishedName } from "./distinguished-name.js";

export type CodiceFiscaleSource = "serialNumber" | "commonName";

/**
 * Finds the holder's codice fiscale in a certificate subject, where Italian CAs put it:
 * - serialNumber "TINIT-<CF>" (ETSI EN 319 412-1 semantics: TIN, country IT), current signature
 *   certificates;
 * - serialNumber "IT:<CF>", older certificates;
 * - serialNumber holding the bare code;
 * - commonName "<CF>/<card serial>.<hash>", CNS authentication certificates.
 * Only a valid personal codice fiscale counts; anything else gives null, never an error, so that
 * any token's certificates can be listed.
 */
export function findHolderCodiceFiscale(
  subject: DistinguishedName,
): { readonly codiceFiscale: string; readonly source: CodiceFiscaleSource } | null {
  const serial = subject.serialNumber?.trim() ?? "";
  const fromSerial = /^(?:TINIT-|IT:)?([A-Za-z0-9]{16})$/.exec(serial)?.[1];
  if (fromSerial !== undefined && isValidCodiceFiscale(fromSerial)) {
    return { codiceFiscale: fromSerial.toUpperCase(), source: "serialNumber" };
  }
  const fromCommonName = /^([A-Za-z0-9]{16})\//.exec(subject.commonName?.trim() ?? "")?.[1];
  if (fromCommonName !== undefined && isValidCodiceFiscale(fromCommonName)) {
    return { codiceFiscale: fromCommonName.toUpperCase(), source: "commonName" };
  }
  return null;
}
