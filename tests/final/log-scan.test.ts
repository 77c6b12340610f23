import { describe, expect, it } from "vitest";
import { SOFTHSM_TEST_TOKEN_DATA } from "../agent/support/softhsm-test-token.js";
import { loadTestPki } from "../pki/index.js";
import { type ForbiddenString, scanLogs } from "../support/log-scan.js";
import { allRoutePassphrases } from "../support/route-fixtures.js";
import { TEST_LOG_DIR } from "../support/test-logs.js";

/**
 * The last check of `npm test`: tests/harness/test.mjs runs this file in its own vitest run after
 * every other suite (the main run excludes tests/final). It reads every log the suite wrote into
 * the test log directory and fails on any PIN, PUK, route passphrase or unmasked codice fiscale
 * of the fixtures, all taken from the fixtures' own data.
 */
function forbiddenStrings(): ForbiddenString[] {
  const forbidden: ForbiddenString[] = [];
  for (const token of Object.values(loadTestPki().tokens)) {
    const source = `token ${token.variant}`;
    forbidden.push({ kind: "pin", source, value: token.userPin });
    forbidden.push({ kind: "puk", source, value: token.soPin });
    forbidden.push({ kind: "codice-fiscale", source, value: token.holder.codiceFiscale });
  }
  const softhsm = "tests/agent/support/softhsm-test-token";
  forbidden.push({ kind: "pin", source: softhsm, value: SOFTHSM_TEST_TOKEN_DATA.userPin });
  forbidden.push({ kind: "puk", source: softhsm, value: SOFTHSM_TEST_TOKEN_DATA.soPin });
  forbidden.push({
    kind: "codice-fiscale",
    source: softhsm,
    value: SOFTHSM_TEST_TOKEN_DATA.holder.codiceFiscale,
  });
  for (const passphrase of allRoutePassphrases()) {
    forbidden.push({ kind: "passphrase", source: "tests/support/route-fixtures", value: passphrase });
  }
  return forbidden;
}

describe("the logs of the whole test suite", () => {
  it("hold no PIN, PUK, passphrase or unmasked codice fiscale, and are not empty", () => {
    const forbidden = forbiddenStrings();
    expect(forbidden.filter((item) => item.kind === "pin").length).toBeGreaterThanOrEqual(5);
    const result = scanLogs(TEST_LOG_DIR, forbidden);
    // Not vacuous: the agents' JSON log lines (in-process and `cns-agent serve`) are there.
    expect(result.files).toBeGreaterThan(0);
    expect(result.agentLines).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
  });
});
