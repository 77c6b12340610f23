/**
 * The pagoPA IUV check digits: the decimal number written by `digits` taken modulo 93,
 * zero-padded to two digits. The numbers reach 16 digits, past Number's exact range, so the
 * remainder is folded one digit at a time instead of parsing the whole number.
 */
export function mod93CheckDigits(digits: string): string {
  let remainder = 0;
  for (const digit of digits) {
    remainder = (remainder * 10 + Number(digit)) % 93;
  }
  return remainder.toString().padStart(2, "0");
}
