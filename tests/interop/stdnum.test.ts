import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import {
  computeCodiceFiscaleCheckChar,
  computePartitaIvaCheckDigit,
  isValidCodiceFiscale,
  isValidPartitaIva,
  parseCodiceFiscale,
} from "../../shared/src/cns/index.js";

/**
 * Cross-checks our codice fiscale and partita IVA verdicts against python-stdnum (Debian's
 * python3-stdnum, an independent implementation) on a few hundred generated cases, valid and
 * corrupted, from a fixed seed so that a failure can be replayed.
 *
 * Two documented differences are allowed and asserted as such:
 * - an 11-digit numeric code is a valid codice fiscale for stdnum (of a company); for
 *   `isValidCodiceFiscale` it is not a personal one (CF_NOT_PERSONAL);
 * - stdnum takes the day of birth modulo 40, so it accepts days 81-99; the Agenzia's rule
 *   (01-31 for men, 41-71 for women) does not (CF_BAD_DATE).
 * Inputs never carry separators inside, which stdnum removes and we refuse.
 */

const PYTHON = "/usr/bin/python3";
const ORACLE = `
import json, sys
try:
    from stdnum.it import codicefiscale, iva
except ImportError:
    sys.stderr.write("python3-stdnum is missing\\n")
    sys.exit(3)
cases = json.load(sys.stdin)
json.dump({
    "codiciFiscali": [
        {"valid": codicefiscale.is_valid(c), "length": len(codicefiscale.compact(c))}
        for c in cases["codiciFiscali"]
    ],
    "partiteIva": [iva.is_valid(p) for p in cases["partiteIva"]],
}, sys.stdout)
`;
const SEED = 20_260_123;
const CASES_PER_KIND = 300;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const OMOCODIA = "LMNPQRSTUV";
const MONTHS = "ABCDEHLMPRST";
const NUMERIC_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const OFFICE_CODES = ["001", "042", "099", "100", "120", "121", "888", "999"];

interface OracleVerdicts {
  readonly codiciFiscali: readonly { readonly valid: boolean; readonly length: number }[];
  readonly partiteIva: readonly boolean[];
}

const random = mulberry32(SEED);
const codiciFiscali = Array.from({ length: CASES_PER_KIND }, () => generateCodiceFiscaleCase());
const partiteIva = Array.from({ length: CASES_PER_KIND }, () => generatePartitaIvaCase());
// Company codes given to the codice fiscale check: stdnum accepts them there, we do not.
codiciFiscali.push(...Array.from({ length: 20 }, () => generateValidPartitaIva()));
let oracle: OracleVerdicts;

beforeAll(() => {
  const run = spawnSync(PYTHON, ["-c", ORACLE], {
    input: JSON.stringify({ codiciFiscali, partiteIva }),
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(
      `cannot run python-stdnum with ${PYTHON} (${run.error?.message ?? run.stderr.trim()}): ` +
        "install the Debian package python3-stdnum (apt-get install python3-stdnum)",
    );
  }
  oracle = JSON.parse(run.stdout) as OracleVerdicts;
});

describe("python-stdnum agrees with us", () => {
  it("on generated codici fiscali", () => {
    expect(oracle.codiciFiscali).toHaveLength(codiciFiscali.length);
    const disagreements: string[] = [];
    let lenientDays = 0;
    let companyCodes = 0;
    codiciFiscali.forEach((input, index) => {
      const theirs = oracle.codiciFiscali[index];
      const ours = isValidCodiceFiscale(input);
      if (theirs === undefined || ours === theirs.valid) {
        return;
      }
      if (theirs.valid && theirs.length === 11 && refusalCode(input) === "CF_NOT_PERSONAL") {
        companyCodes += 1;
      } else if (theirs.valid && refusalCode(input) === "CF_BAD_DATE" && dayField(input) >= 81) {
        lenientDays += 1;
      } else {
        disagreements.push(`${JSON.stringify(input)}: stdnum ${theirs.valid}, ours ${ours}`);
      }
    });
    expect(disagreements).toEqual([]);
    // Both documented differences were exercised, so the branches above are not dead.
    expect(companyCodes).toBe(20);
    expect(lenientDays).toBeGreaterThan(0);
    expect(codiciFiscali.filter((input) => isValidCodiceFiscale(input)).length).toBeGreaterThan(100);
    expect(codiciFiscali.filter((input) => !isValidCodiceFiscale(input)).length).toBeGreaterThan(100);
  });

  it("on generated partite IVA", () => {
    expect(oracle.partiteIva).toHaveLength(partiteIva.length);
    const disagreements = partiteIva
      .map((input, index) => ({ input, theirs: oracle.partiteIva[index], ours: isValidPartitaIva(input) }))
      .filter(({ theirs, ours }) => theirs !== ours)
      .map(({ input, theirs, ours }) => `${JSON.stringify(input)}: stdnum ${String(theirs)}, ours ${ours}`);
    expect(disagreements).toEqual([]);
    expect(partiteIva.filter((input) => isValidPartitaIva(input)).length).toBeGreaterThan(100);
    expect(partiteIva.filter((input) => !isValidPartitaIva(input)).length).toBeGreaterThan(100);
  });
});

function refusalCode(input: string): string | undefined {
  try {
    parseCodiceFiscale(input);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** The day field (with omocodia letters read as digits) of a 16-character code. */
function dayField(input: string): number {
  const code = input.trim().toUpperCase();
  return Number([...code.slice(9, 11)].map(omocodiaDigit).join(""));
}

function omocodiaDigit(character: string): string {
  const index = OMOCODIA.indexOf(character);
  return index >= 0 ? String(index) : character;
}

function generateCodiceFiscaleCase(): string {
  const valid = generateValidCodiceFiscale();
  const corruption = integer(0, 11);
  switch (corruption) {
    case 0: {
      const wrong = pick(LETTERS.replace(valid.charAt(15), ""));
      return valid.slice(0, 15) + wrong;
    }
    case 1: {
      const at = integer(0, 14);
      return valid.slice(0, at) + valid.charAt(at + 1) + valid.charAt(at) + valid.slice(at + 2);
    }
    case 2: {
      const at = integer(0, 15);
      return valid.slice(0, at) + pick(LETTERS + DIGITS) + valid.slice(at + 1);
    }
    case 3:
      return withCheckChar(valid.slice(0, 9) + pad2(integer(0, 99)) + valid.slice(11, 15));
    case 4:
      return withCheckChar(valid.slice(0, 8) + pick(LETTERS) + valid.slice(9, 15));
    case 5: {
      const at = integer(0, 15);
      return valid.slice(0, at) + valid.slice(at + 1);
    }
    case 6: {
      const at = integer(0, 16);
      return valid.slice(0, at) + pick(LETTERS + DIGITS) + valid.slice(at);
    }
    case 7:
      return `  ${valid.toLowerCase()}\t`;
    case 8:
      return withCheckChar(
        valid.slice(0, 8) + "B" + pad2(integer(28, 30) + (random() < 0.5 ? 40 : 0)) + valid.slice(11, 15),
      );
    default:
      return valid;
  }
}

function generateValidCodiceFiscale(): string {
  const year = integer(0, 99);
  const monthIndex = integer(0, 11);
  const lastDay = [31, year % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][monthIndex] ?? 28;
  const day = integer(1, lastDay) + (random() < 0.5 ? 40 : 0);
  const characters = [
    ...Array.from({ length: 6 }, () => pick(LETTERS)),
    ...pad2(year),
    MONTHS.charAt(monthIndex),
    ...pad2(day),
    pick(LETTERS),
    ...Array.from({ length: 3 }, () => pick(DIGITS)),
  ];
  if (random() < 0.3) {
    // Omocodia replaces digits from the right; sometimes all of them.
    const replaced = integer(1, NUMERIC_POSITIONS.length);
    for (const position of NUMERIC_POSITIONS.slice(-replaced)) {
      characters[position] = OMOCODIA.charAt(Number(characters[position]));
    }
  }
  return withCheckChar(characters.join(""));
}

function withCheckChar(first15: string): string {
  return first15 + computeCodiceFiscaleCheckChar(first15);
}

function generatePartitaIvaCase(): string {
  const valid = generateValidPartitaIva();
  switch (integer(0, 9)) {
    case 0: {
      const at = integer(0, 10);
      const replacement = pick(DIGITS.replace(valid.charAt(at), ""));
      return valid.slice(0, at) + replacement + valid.slice(at + 1);
    }
    case 1: {
      const at = integer(0, 9);
      return valid.slice(0, at) + valid.charAt(at + 1) + valid.charAt(at) + valid.slice(at + 2);
    }
    case 2: {
      const first10 = valid.slice(0, 7) + String(integer(0, 999)).padStart(3, "0");
      return first10 + computePartitaIvaCheckDigit(first10);
    }
    case 3: {
      const at = integer(0, 10);
      return valid.slice(0, at) + valid.slice(at + 1);
    }
    case 4:
      return random() < 0.5 ? `IT${valid}` : ` it${valid} `;
    case 5: {
      const first10 = `0000000${pickOfficeCode()}`;
      return first10 + computePartitaIvaCheckDigit(first10);
    }
    case 6: {
      const at = integer(0, 10);
      return valid.slice(0, at) + pick(LETTERS) + valid.slice(at + 1);
    }
    default:
      return valid;
  }
}

function generateValidPartitaIva(): string {
  const company = String(integer(1, 9_999_999)).padStart(7, "0");
  const first10 = company + pickOfficeCode();
  return first10 + computePartitaIvaCheckDigit(first10);
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

function pickOfficeCode(): string {
  return OFFICE_CODES[integer(0, OFFICE_CODES.length - 1)] ?? "001";
}

function pick(alphabet: string): string {
  return alphabet.charAt(integer(0, alphabet.length - 1));
}

function integer(min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A small seeded generator (mulberry32): the same cases on every run and machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
