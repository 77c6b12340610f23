import { KNOWN_CNS_CARDS, type KnownCnsCard } from "./data/known-cns-cards.js";

/** "3b:ff:18" or "3BFF18" or "3B FF 18" -> ["3B","FF","18"]; null when it is not whole hex bytes. */
export function atrBytes(atr: string): string[] | null {
  const compact = atr.replace(/[\s:]/g, "").toUpperCase();
  if (
    compact.length === 0 ||
    compact.length % 2 !== 0 ||
    compact.length > 66 ||
    !/^[0-9A-F]+$/.test(compact)
  ) {
    return null;
  }
  return compact.match(/../g) ?? null;
}

/** The known CNS card whose pattern the ATR matches (same length, every fixed byte equal), or null. */
export function matchAtr(atr: string, table: readonly KnownCnsCard[] = KNOWN_CNS_CARDS): KnownCnsCard | null {
  const bytes = atrBytes(atr);
  if (bytes === null) {
    return null;
  }
  return (
    table.find((card) => {
      const pattern = card.atrPattern.split(" ");
      return (
        pattern.length === bytes.length &&
        pattern.every((byte, index) => byte === ".." || byte === bytes[index])
      );
    }) ?? null
  );
}
