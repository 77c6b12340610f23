import { ensureTestPki } from "../pki/index.js";

/**
 * Runs once in vitest's main process before the workers fork: the test PKI exists (and is
 * current) when the first test file calls `loadTestPki()`. The workers inherit the environment set
 * here (tests/pki/test-pki.test.ts checks it), but SOFTHSM2_CONF itself is left alone so no test
 * sees the test tokens by accident: tests ask for them with `softhsmEnv(loadTestPki())`.
 */
export default async function setup(): Promise<void> {
  const manifest = await ensureTestPki();
  process.env.CNS_BRIDGE_TEST_SOFTHSM2_CONF = manifest.softhsm2Conf;
}
