import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt parameters (N = 2^15, r = 8, p = 1): OWASP's minimum for scrypt. */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize("NFC"),
      salt,
      KEY_LENGTH,
      { N, r: R, p: P, maxmem: MAX_MEMORY },
      (error, key) => {
        if (error === null) resolve(key);
        else reject(error);
      },
    );
  });
}

/**
 * The passphrase is kept only as `scrypt$N$r$p$salt$hash` (Base64): the portal must be able to
 * check it later, never to read it back.
 */
export async function hashPassphrase(passphrase: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passphrase, salt);
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function passphraseMatches(passphrase: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  // Hashes made with other parameters are refused, not re-derived: there are none yet to migrate.
  if (parts.length !== 6 || parts.slice(0, 4).join("$") !== ["scrypt", N, R, P].join("$")) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(await derive(passphrase, salt), expected);
}
