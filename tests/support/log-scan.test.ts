import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeCodiceFiscaleCheckChar, maskCodiceFiscale } from "@cns-bridge/shared";
import { afterAll, describe, expect, it } from "vitest";
import { type ForbiddenString, scanLogs } from "./log-scan.js";

const dir = mkdtempSync(join(tmpdir(), "log-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORBIDDEN: ForbiddenString[] = [
  { kind: "pin", source: "token a", value: "24681357" },
  { kind: "puk", source: "token a", value: "87654321" },
  { kind: "passphrase", source: "fixtures", value: "Camelia-Blu-7731" },
  { kind: "codice-fiscale", source: "token a", value: "BNCLCU85M41F205T" },
];
// A holder no fixture lists: found by its shape and check character.
const unseen = `VRDLGU90A01F205${computeCodiceFiscaleCheckChar("VRDLGU90A01F205")}`;

function scan(lines: string[]) {
  const case_ = mkdtempSync(join(dir, "case-"));
  mkdirSync(join(case_, "nested"));
  writeFileSync(join(case_, "nested", "a.log"), `${lines.join("\n")}\n`);
  return scanLogs(case_, FORBIDDEN);
}

describe("scanLogs", () => {
  it("passes clean lines: masked codici fiscali, PIN-like digits inside longer numbers", () => {
    const result = scan([
      `{"app":"cns-bridge-agent","msg":"logged in","holder":"${maskCodiceFiscale("BNCLCU85M41F205T")}"}`,
      `{"time":1724681357123,"pin":"[redacted]"}`,
      `portale CNS: http://127.0.0.1:8091/`,
    ]);
    expect(result).toMatchObject({ files: 1, lines: 3, agentLines: 1, findings: [] });
  });

  it("finds each kind: PIN, PUK, passphrase, fixture and unseen codice fiscale (any case)", () => {
    const result = scan([
      `{"pin":"24681357"}`,
      `puk 87654321 typed`,
      `passphrase Camelia-Blu-7731`,
      `subject CN=bnclcu85m41f205t/123`,
      `error for ${unseen}`,
    ]);
    expect(result.findings.map((f) => [f.line, f.kind])).toEqual([
      [1, "pin"],
      [2, "puk"],
      [3, "passphrase"],
      [4, "codice-fiscale"],
      [4, "codice-fiscale-shaped"],
      [5, "codice-fiscale-shaped"],
    ]);
    expect(JSON.stringify(result.findings)).not.toContain("24681357");
  });
});
