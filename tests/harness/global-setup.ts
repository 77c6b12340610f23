import { ensureTestPki } from "../pki/index.js";

/**
 * Runs once in vitest's main process before the workers start: the test PKI exists (and is
 * current) when the first test file calls `loadTestPki()`.
 */
export default async function setup(): Promise<void> {
  const manifest = await ensureTestPki();
  process.env.CNS_BRIDGE_TEST_SOFTHSM2_CONF = manifest.softhsm2Conf;
}
