import { describe, expect, it } from "vitest";
import { hashPassphrase, passphraseMatches } from "../sandbox/portal/passphrase-hash.js";
import { ROUTE_PASSPHRASES } from "../support/route-fixtures.js";

describe("portal passphrase hash", () => {
  it("stores a salted scrypt hash that never contains the passphrase", async () => {
    const a = await hashPassphrase(ROUTE_PASSPHRASES.prato);
    const b = await hashPassphrase(ROUTE_PASSPHRASES.prato);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ROUTE_PASSPHRASES.prato);
  });

  it("matches only the same passphrase", async () => {
    const stored = await hashPassphrase(ROUTE_PASSPHRASES.prato);
    expect(await passphraseMatches(ROUTE_PASSPHRASES.prato, stored)).toBe(true);
    expect(await passphraseMatches("primavera2026", stored)).toBe(false);
  });

  it.each(["", "bcrypt$x", "scrypt$1$2$3$AAAA$AAAA", "scrypt$32768$8$1$$"])(
    "refuses a malformed stored value %j",
    async (stored) => {
      expect(await passphraseMatches(ROUTE_PASSPHRASES.prato, stored)).toBe(false);
    },
  );
});
