/**
 * The codice fiscale control character (DM 23/12/1976), computed here so the test PKI does not
 * depend on the code it is meant to test (`@cns-bridge/shared` has its own implementation).
 */

/** Value of a character in an odd position (1st, 3rd, ...): digits map like the letters A-J. */
const ODD_VALUES = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

function position(character: string): number {
  const code = character.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // '0'..'9' count as 'A'..'J'
  if (code >= 65 && code <= 90) return code - 65;
  throw new Error(`"${character}" cannot appear in a codice fiscale`);
}

/** The 16th character of a codice fiscale whose first 15 characters are `stem`. */
export function codiceFiscaleControlCharacter(stem: string): string {
  if (stem.length !== 15) throw new Error(`a codice fiscale stem has 15 characters, not ${stem.length}`);
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const value = position(stem.charAt(index));
    // Positions are counted from 1, so even indexes are the odd positions.
    sum += index % 2 === 0 ? (ODD_VALUES[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Throws when a spec's codice fiscale has the wrong control character (a typo in test data). */
export function assertCodiceFiscaleControlCharacter(codiceFiscale: string): void {
  const expected = codiceFiscaleControlCharacter(codiceFiscale.slice(0, 15));
  if (codiceFiscale.charAt(15) !== expected) {
    throw new Error(`codice fiscale ${codiceFiscale}: the control character should be ${expected}`);
  }
}
