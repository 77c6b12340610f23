import { CnsBridgeError } from "../errors/index.js";

export const PASSPHRASE_MIN_LENGTH = 10;
/** Far beyond any passphrase a person types; keeps hashing costs bounded. */
export const PASSPHRASE_MAX_LENGTH = 256;

export type PassphraseRule = "length" | "lowercase" | "uppercase" | "digit" | "too-long";

/** The rules the passphrase breaks, in a fixed order; empty when it is acceptable. */
export function passphraseProblems(passphrase: string): PassphraseRule[] {
  const length = [...passphrase].length;
  const problems: PassphraseRule[] = [];
  if (length < PASSPHRASE_MIN_LENGTH) problems.push("length");
  if (length > PASSPHRASE_MAX_LENGTH) problems.push("too-long");
  if (!/\p{Ll}/u.test(passphrase)) problems.push("lowercase");
  if (!/\p{Lu}/u.test(passphrase)) problems.push("uppercase");
  if (!/\p{Nd}/u.test(passphrase)) problems.push("digit");
  return problems;
}

/**
 * Throws ROUTE_PASSPHRASE_WEAK with the broken rules' codes (`passphraseRules`, comma-separated,
 * worded in the holder's language when the message is rendered). The passphrase is never in the error.
 */
export function assertPassphrase(passphrase: string): void {
  const problems = passphraseProblems(passphrase);
  if (problems.length > 0) {
    throw new CnsBridgeError("ROUTE_PASSPHRASE_WEAK", { passphraseRules: problems.join(",") });
  }
}

export interface PassphraseStrength {
  /** 0 (unacceptable) to 4 (strong). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: "non valida" | "debole" | "discreta" | "buona" | "ottima";
  readonly acceptable: boolean;
}

/**
 * A strength meter for the wizard: 0 while a rule is broken; then more points for length,
 * symbols and variety. Runs of one character or a sequence lower the score.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  if (passphraseProblems(passphrase).length > 0) return { score: 0, label: "non valida", acceptable: false };
  const chars = [...passphrase];
  let points = 1;
  if (chars.length >= 14) points += 1;
  if (chars.length >= 20) points += 1;
  if (/[^\p{L}\p{Nd}]/u.test(passphrase)) points += 1;
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size;
  if (distinct < chars.length / 2) points -= 1;
  if (/(0123|1234|2345|3456|4567|5678|6789|abcd|qwer|password)/i.test(passphrase)) points -= 1;
  const score = Math.max(1, Math.min(4, points)) as 1 | 2 | 3 | 4;
  const labels = { 1: "debole", 2: "discreta", 3: "buona", 4: "ottima" } as const;
  return { score, label: labels[score], acceptable: true };
}
