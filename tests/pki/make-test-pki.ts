import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type * as pkijs from "pkijs";
import { certificateDer, type IssuerKey, issueCertificate, toPem } from "./certificate-builder.js";
import type { TestPkiManifest, TestToken, TestTokenCertificate } from "./manifest.js";
import { PKI_SOURCE_DIR } from "./paths.js";
import { findSoftHsmModule, SoftHsmToken, writeSoftHsmConf } from "./softhsm.js";
import { randomSerialNumber } from "./certificate-serial-number.js";
import { assertCodiceFiscaleControlCharacter } from "./codice-fiscale-check.js";
import {
  type CaSpec,
  caSpecSchema,
  type KeySpec,
  type ProfileSpec,
  profileSpecSchema,
  type TokenSpec,
  tokenSpecSchema,
} from "./spec-schema.js";

const PKI_DIR = PKI_SOURCE_DIR;
const SPECS_DIR = join(PKI_DIR, "specs");
const DAY_MS = 86_400_000;

export interface Specs {
  readonly cas: readonly CaSpec[];
  readonly profiles: readonly ProfileSpec[];
  readonly tokens: readonly TokenSpec[];
  /** Hash of every spec file and of the maker's code (every non-test .ts file in tests/pki). */
  readonly hash: string;
}

function parseSpec(
  name: string,
  text: string,
): ["ca", CaSpec] | ["profile", ProfileSpec] | ["token", TokenSpec] {
  const json: unknown = JSON.parse(text);
  if (name.startsWith("ca-")) return ["ca", caSpecSchema.parse(json)];
  if (name.startsWith("profile-")) return ["profile", profileSpecSchema.parse(json)];
  if (name.startsWith("token-")) return ["token", tokenSpecSchema.parse(json)];
  throw new Error(`unexpected spec file ${name}: name it ca-*.json, profile-*.json or token-*.json`);
}

export async function readSpecs(): Promise<Specs> {
  const hash = createHash("sha256");
  const cas: CaSpec[] = [];
  const profiles: ProfileSpec[] = [];
  const tokens: TokenSpec[] = [];
  const specNames = (await readdir(SPECS_DIR)).filter((name) => name.endsWith(".json")).sort();
  for (const name of specNames) {
    const text = await readFile(join(SPECS_DIR, name), "utf8");
    hash.update(name).update(text);
    try {
      const [kind, spec] = parseSpec(name, text);
      if (kind === "ca") cas.push(spec);
      else if (kind === "profile") profiles.push(spec);
      else tokens.push(spec);
    } catch (cause) {
      throw new Error(`test PKI spec ${name} is not valid`, { cause });
    }
  }
  const codeNames = (await readdir(PKI_DIR)).filter(
    (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
  );
  for (const name of codeNames.sort()) hash.update(name).update(await readFile(join(PKI_DIR, name)));
  checkSpecs(tokens, profiles);
  return { cas, profiles, tokens, hash: hash.digest("hex") };
}

/** Mistakes in test data that would otherwise show up as a puzzling failure far away. */
function checkSpecs(tokens: readonly TokenSpec[], profiles: readonly ProfileSpec[]): void {
  for (const token of tokens) assertCodiceFiscaleControlCharacter(token.holder.codiceFiscale);
  const unique = (values: readonly string[], what: string) => {
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) throw new Error(`two test PKI specs share the ${what} "${repeated}"`);
  };
  unique(
    tokens.map((token) => token.variant),
    "variant",
  );
  unique(
    tokens.map((token) => token.label),
    "token label",
  );
  unique(
    profiles.map((profile) => profile.usage),
    "profile usage",
  );
  unique(
    profiles.map((profile) => profile.id),
    "CKA_ID",
  );
}

async function generateSoftwareKey(spec: KeySpec): Promise<CryptoKeyPair> {
  if (spec.type === "EC") {
    return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: spec.curve }, true, ["sign", "verify"]);
  }
  return crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: spec.bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
}

function validityOf(spec: { startDaysAgo: number; lifetimeDays: number }, now: Date) {
  const notBefore = new Date(now.getTime() - spec.startDaysAgo * DAY_MS);
  return { notBefore, notAfter: new Date(notBefore.getTime() + spec.lifetimeDays * DAY_MS) };
}

async function makeCas(specs: readonly CaSpec[], dir: string, now: Date) {
  const byName = new Map<string, IssuerKey>();
  const ordered = [...specs].sort(
    (a, b) => (a.issuer === undefined ? -1 : 0) - (b.issuer === undefined ? -1 : 0),
  );
  for (const spec of ordered) {
    const keys = await generateSoftwareKey(spec.key);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
    const issuer = spec.issuer === undefined ? null : byName.get(spec.issuer);
    if (issuer === undefined) throw new Error(`CA ${spec.name}: issuer ${spec.issuer} not made yet`);
    const certificate = await issueCertificate({
      subject: spec.subject,
      subjectPublicKeyInfo: spki,
      ...validityOf(spec.validity, now),
      serialNumber: randomSerialNumber(),
      profile: { kind: "ca", pathLength: spec.pathLength },
      issuer,
      selfSigningKey: keys.privateKey,
    });
    byName.set(spec.name, { certificate, privateKey: keys.privateKey });
    await writeFile(join(dir, `${spec.name}.pem`), toPem(certificateDer(certificate)));
    // Kept (test data) so a test can issue one more certificate, CRL or OCSP reply from the same CA.
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
    await writeFile(join(dir, `${spec.name}.key.pem`), toPem(pkcs8, "PRIVATE KEY"), { mode: 0o600 });
  }
  const get = (name: string): IssuerKey => {
    const ca = byName.get(name);
    if (ca === undefined) throw new Error(`the PKI specs define no ${name}`);
    return ca;
  };
  return { root: get("root"), signatureCa: get("signatureCa"), cnsCa: get("cnsCa") };
}

/** The values a profile's subject template may name, for one token. */
function templateValues(spec: TokenSpec): Readonly<Record<string, string>> {
  const { holder } = spec;
  return {
    codiceFiscale: holder.codiceFiscale,
    givenName: holder.givenName,
    surname: holder.surname,
    cardSerial: spec.cardSerial,
    // Real CNS authentication CNs end with a base64 hash after the card serial.
    cardHash: createHash("sha1").update(`${holder.codiceFiscale}${spec.cardSerial}`).digest("base64"),
    dnQualifier: spec.dnQualifier,
    signatureSerialNumber:
      spec.signatureSerialNumber === "TINIT" ? `TINIT-${holder.codiceFiscale}` : `IT:${holder.codiceFiscale}`,
  };
}

function fillSubject(profile: ProfileSpec, spec: TokenSpec): [string, string][] {
  const values = templateValues(spec);
  return profile.subject.map(([attribute, template]) => [
    attribute,
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`profile ${profile.usage}: unknown placeholder {${name}}`);
      return value;
    }),
  ]);
}

/** Fills an initialized token: two key pairs generated on it, their certificates beside them. */
async function fillToken(
  token: SoftHsmToken,
  spec: TokenSpec,
  profiles: readonly ProfileSpec[],
  dir: string,
  cas: Awaited<ReturnType<typeof makeCas>>,
  now: Date,
): Promise<TestToken> {
  const certificates: Record<string, TestTokenCertificate> = {};
  for (const profile of profiles) {
    const base = join(dir, `${spec.variant}-${profile.usage}`);
    await token.generateKeyPair(profile.id, profile.keyLabel, spec.key);
    await token.readPublicKey(profile.id, `${base}.spki.der`);
    const { notBefore, notAfter } = validityOf(spec.validity, now);
    const certificate: pkijs.Certificate = await issueCertificate({
      subject: fillSubject(profile, spec),
      subjectPublicKeyInfo: new Uint8Array(await readFile(`${base}.spki.der`)),
      notBefore,
      notAfter,
      serialNumber: randomSerialNumber(),
      profile: {
        kind: "end-entity",
        keyUsage: profile.keyUsage[spec.key.type],
        keyUsageCritical: profile.keyUsageCritical,
        extendedKeyUsage: profile.extendedKeyUsage,
        policies: profile.policies,
        qcStatements: profile.qcStatements,
      },
      issuer: cas[profile.issuer],
    });
    const der = certificateDer(certificate);
    await writeFile(`${base}.der`, der);
    await writeFile(`${base}.pem`, toPem(der));
    await token.writeCertificate(profile.id, profile.certificateLabel, `${base}.der`);
    certificates[profile.usage] = {
      id: profile.id,
      derPath: `${base}.der`,
      pemPath: `${base}.pem`,
      notBefore: notBefore.getTime(),
      notAfter: notAfter.getTime(),
    };
  }
  return {
    variant: spec.variant,
    label: spec.label,
    serial: await token.serial(),
    userPin: spec.userPin,
    soPin: spec.soPin,
    holder: spec.holder,
    keyAlgorithm: spec.key.type,
    certificates,
  };
}

/** `task` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The CA files, the tokens and the CA bundle, in `workDir`; returns the tokens by variant. */
async function makeInto(
  workDir: string,
  specs: Specs,
  env: NodeJS.ProcessEnv,
  modulePath: string,
  now: Date,
): Promise<Record<string, TestToken>> {
  const cas = await makeCas(specs.cas, workDir, now);
  // One after the other: `--init-token --free` takes "the" free slot, which two at once would share.
  const initialized: [TokenSpec, SoftHsmToken][] = [];
  for (const spec of specs.tokens) {
    initialized.push([
      spec,
      await SoftHsmToken.initialize(env, modulePath, spec.label, spec.userPin, spec.soPin),
    ]);
  }
  // Key generation dominates (RSA prime search): fill the tokens in parallel, one per core.
  const filled = await mapWithConcurrency(initialized, availableParallelism(), ([spec, token]) =>
    fillToken(token, spec, specs.profiles, workDir, cas, now),
  );
  const tokens = Object.fromEntries(filled.map((token) => [token.variant, token]));
  const caPems = await Promise.all(
    ["root", "signatureCa", "cnsCa"].map((name) => readFile(join(workDir, `${name}.pem`), "utf8")),
  );
  await writeFile(join(workDir, "bundle.pem"), caPems.join(""));

  return tokens;
}

/**
 * Makes the whole test PKI in `finalDir`: CA certificates, one SoftHSM2 token per variant with
 * two key pairs generated on the token and their certificates, and the manifest. Built in a
 * temporary sibling directory and renamed into place, so a reader never sees half a PKI.
 */
export async function makeTestPki(
  finalDir: string,
  specs: Specs,
  now = new Date(),
): Promise<TestPkiManifest> {
  const workDir = `${finalDir}.building-${process.pid}`;
  await rm(workDir, { recursive: true, force: true });
  const tokenDir = join(workDir, "tokens");
  await mkdir(tokenDir, { recursive: true });
  const workConf = join(workDir, "softhsm2.conf");
  await writeSoftHsmConf(workConf, tokenDir);
  const env = { ...process.env, SOFTHSM2_CONF: workConf };
  const modulePath = findSoftHsmModule();

  let tokens: Record<string, TestToken>;
  try {
    tokens = await makeInto(workDir, specs, env, modulePath, now);
  } catch (error) {
    // A failed build leaves nothing behind; the next ensureTestPki() starts afresh.
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  const relocate = (path: string) => path.replace(workDir, finalDir);
  const manifest: TestPkiManifest = {
    specHash: specs.hash,
    madeAt: now.getTime(),
    softhsm2Conf: join(finalDir, "softhsm2.conf"),
    modulePath,
    ca: {
      rootPem: join(finalDir, "root.pem"),
      signatureCaPem: join(finalDir, "signatureCa.pem"),
      cnsCaPem: join(finalDir, "cnsCa.pem"),
      bundlePem: join(finalDir, "bundle.pem"),
      keys: {
        root: join(finalDir, "root.key.pem"),
        signatureCa: join(finalDir, "signatureCa.key.pem"),
        cnsCa: join(finalDir, "cnsCa.key.pem"),
      },
    },
    tokens: Object.fromEntries(
      Object.entries(tokens).map(([variant, token]) => [
        variant,
        {
          ...token,
          certificates: Object.fromEntries(
            Object.entries(token.certificates).map(([usage, cert]) => [
              usage,
              { ...cert, derPath: relocate(cert.derPath), pemPath: relocate(cert.pemPath) },
            ]),
          ),
        },
      ]),
    ),
  };
  // The conf and the manifest already name their final paths, so the state is whole once renamed.
  await writeSoftHsmConf(workConf, join(finalDir, "tokens"));
  await writeFile(join(workDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // Two renames, so a reader sees the old PKI or the new one, never none for longer than a moment.
  const oldDir = `${finalDir}.old-${process.pid}`;
  await rm(oldDir, { recursive: true, force: true });
  await rename(finalDir, oldDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(workDir, finalDir);
  await rm(oldDir, { recursive: true, force: true });
  return manifest;
}
