import { ensureTestPki, testPkiDir } from "./index.js";

/** `npm run pki [-- --force]`: makes (or shows) the test CNS tokens, their PINs and the CA bundle. */
const started = Date.now();
const manifest = await ensureTestPki({ force: process.argv.includes("--force") });
const made = manifest.madeAt >= started ? "made now" : `made ${new Date(manifest.madeAt).toISOString()}`;
console.log(`Test PKI in ${testPkiDir()} (${made}; test data only, PINs included)`);
console.log(`  export SOFTHSM2_CONF=${manifest.softhsm2Conf}`);
console.log(`  module: ${manifest.modulePath}`);
console.log(`  CA bundle: ${manifest.ca.bundlePem}`);
for (const token of Object.values(manifest.tokens)) {
  const expiry = new Date(token.certificates.signature?.notAfter ?? 0).toISOString().slice(0, 10);
  console.log(
    `  ${token.variant.padEnd(15)} label "${token.label}", serial ${token.serial}, ` +
      `PIN ${token.userPin}, SO PIN ${token.soPin}, ` +
      `${token.holder.givenName} ${token.holder.surname} (${token.holder.codiceFiscale}), ${token.keyAlgorithm}, scade ${expiry}`,
  );
}
