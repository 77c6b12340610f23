import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertCodiceFiscaleControlCharacter,
  codiceFiscaleControlCharacter,
} from "./codice-fiscale-check.js";
import { PKI_SOURCE_DIR } from "./paths.js";

const run = promisify(execFile);

const letter = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const digit = fc.constantFrom(..."0123456789");
/** Stems shaped like a codice fiscale (omocodia letters are not needed for the control character). */
const stem = fc
  .tuple(
    fc.array(letter, { minLength: 6, maxLength: 6 }),
    fc.array(digit, { minLength: 2, maxLength: 2 }),
    fc.constantFrom(..."ABCDEHLMPRST"),
    fc.array(digit, { minLength: 2, maxLength: 2 }),
    letter,
    fc.array(digit, { minLength: 3, maxLength: 3 }),
  )
  .map((parts) => parts.flat().join(""));

describe("codice fiscale control character of the test PKI", () => {
  it("agrees with python-stdnum on generated stems", async () => {
    const stems = fc.sample(stem, { numRuns: 300, seed: 20261123 });
    const script =
      "import sys\nfrom stdnum.it import codicefiscale as c\nfor s in sys.argv[1:]: print(c.calc_check_digit(s))";
    const { stdout } = await run("/usr/bin/python3", ["-c", script, ...stems]);
    expect(stems.map(codiceFiscaleControlCharacter)).toEqual(stdout.trim().split("\n"));
  });

  it("accepts every holder in the token specs", async () => {
    const specsDir = join(PKI_SOURCE_DIR, "specs");
    const names = (await readdir(specsDir)).filter((name) => name.startsWith("token-"));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const spec = JSON.parse(await readFile(join(specsDir, name), "utf8")) as {
        holder: { codiceFiscale: string };
      };
      expect(() => assertCodiceFiscaleControlCharacter(spec.holder.codiceFiscale), name).not.toThrow();
    }
  });

  it("refuses a typo in test data", () => {
    expect(() => assertCodiceFiscaleControlCharacter("RSSMRA80A01H501A")).toThrow(/should be U/);
    expect(() => assertCodiceFiscaleControlCharacter("RSSMRA80A01H501")).toThrow(/should be U/);
  });

  it.each([
    "",
    "RSSMRA80A01H50",
    "RSSMRA80A01H5011",
    "rssmra80a01h501",
    "RSSMRA80A01H50é",
    "RSSMRA80A01H50 ",
  ])("refuses the malformed stem %j", (bad) => {
    expect(() => codiceFiscaleControlCharacter(bad)).toThrow();
  });
});
