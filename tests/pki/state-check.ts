import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TestPkiManifest } from "./manifest.js";

/**
 * Certificates are valid relative to the day the state was made; after a week the
 * renewal-window variant (30 days left when made) would drift too close to expiry, so the state
 * is remade.
 */
export const MAX_STATE_AGE_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Why a made state cannot be reused (empty when it can): specs or maker changed, too old, or
 * files missing (a half-deleted state dir, a token directory removed by hand).
 */
export function testPkiStateProblems(
  manifest: TestPkiManifest,
  specHash: string,
  now = Date.now(),
): string[] {
  const problems: string[] = [];
  if (manifest.specHash !== specHash) problems.push("the specs or the maker changed");
  if (now - manifest.madeAt > MAX_STATE_AGE_DAYS * DAY_MS)
    problems.push(`older than ${MAX_STATE_AGE_DAYS} days`);
  if (manifest.madeAt > now + DAY_MS) problems.push("made in the future (clock changed)");
  const files = [
    manifest.softhsm2Conf,
    manifest.modulePath,
    manifest.ca.rootPem,
    manifest.ca.signatureCaPem,
    manifest.ca.cnsCaPem,
    manifest.ca.bundlePem,
    ...Object.values(manifest.ca.keys),
    ...Object.values(manifest.tokens).flatMap((token) =>
      Object.values(token.certificates).flatMap((certificate) => [certificate.derPath, certificate.pemPath]),
    ),
  ];
  for (const file of files) if (!existsSync(file)) problems.push(`${file} is missing`);
  const tokenDir = join(dirname(manifest.softhsm2Conf), "tokens");
  const tokenCount = existsSync(tokenDir) ? readdirSync(tokenDir).length : 0;
  const expected = Object.keys(manifest.tokens).length;
  if (tokenCount !== expected)
    problems.push(`${tokenCount} token directories in ${tokenDir}, ${expected} expected`);
  return problems;
}
