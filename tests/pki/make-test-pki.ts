import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type * as pkijs from "pkijs";
import {
  type CertificateProfile,
  certificateDer,
  type IssuerKey,
  issueCertificate,
  toPem,
} from "./certificate-builder.js";
import type { TestPkiManifest, TestToken, TestTokenCertificate } from "./manifest.js";
import { PKI_SOURCE_DIR } from "./paths.js";
import { findSoftHsmModule, SoftHsmToken, writeSoftHsmConf } from "./softhsm.js";
import { type CaSpec, caSpecSchema, type KeySpec, type TokenSpec, tokenSpecSchema } from "./spec-schema.js";

const PKI_DIR = PKI_SOURCE_DIR;
const SPECS_DIR = join(PKI_DIR, "specs");
const DAY_MS = 86_400_000;

/** Files whose content decides the state: the specs and the code that turns them into tokens. */
const MAKER_FILES = [
  "make-test-pki.ts",
  "certificate-builder.ts",
  "softhsm.ts",
  "spec-schema.ts",
  "manifest.ts",
  "paths.ts",
];

export interface Specs {
  readonly cas: readonly CaSpec[];
  readonly tokens: readonly TokenSpec[];
  readonly hash: string;
}

export async function readSpecs(): Promise<Specs> {
  const hash = createHash("sha256");
  const names = (await readdir(SPECS_DIR)).filter((name) => name.endsWith(".json")).sort();
  const cas: CaSpec[] = [];
  const tokens: TokenSpec[] = [];
  for (const name of names) {
    const text = await readFile(join(SPECS_DIR, name), "utf8");
    hash.update(name).update(text);
    const json: unknown = JSON.parse(text);
    if (name.startsWith("ca-")) cas.push(caSpecSchema.parse(json));
    else if (name.startsWith("token-")) tokens.push(tokenSpecSchema.parse(json));
    else throw new Error(`unexpected spec file ${name}: name it ca-*.json or token-*.json`);
  }
  for (const file of MAKER_FILES) hash.update(file).update(await readFile(join(PKI_DIR, file)));
  return { cas, tokens, hash: hash.digest("hex") };
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

function serialNumber(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return bytes;
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
      serialNumber: serialNumber(),
      profile: { kind: "ca", pathLength: spec.pathLength },
      issuer,
      selfSigningKey: keys.privateKey,
    });
    byName.set(spec.name, { certificate, privateKey: keys.privateKey });
    await writeFile(join(dir, `${spec.name}.pem`), toPem(certificateDer(certificate)));
  }
  const get = (name: string): IssuerKey => {
    const ca = byName.get(name);
    if (ca === undefined) throw new Error(`the PKI specs define no ${name}`);
    return ca;
  };
  return { root: get("root"), signatureCa: get("signatureCa"), cnsCa: get("cnsCa") };
}

function holderSubjects(spec: TokenSpec) {
  const { holder } = spec;
  const hash = createHash("sha1").update(`${holder.codiceFiscale}${spec.cardSerial}`).digest("base64");
  const serialNumber =
    spec.signatureSerialNumber === "TINIT" ? `TINIT-${holder.codiceFiscale}` : `IT:${holder.codiceFiscale}`;
  return {
    authentication: [
      ["C", "IT"],
      ["O", "TEST Camera di Commercio"],
      ["OU", "Carta Nazionale dei Servizi"],
      ["CN", `${holder.codiceFiscale}/${spec.cardSerial}.${hash}`],
    ] as const,
    signature: [
      ["C", "IT"],
      ["SN", holder.surname],
      ["GN", holder.givenName],
      ["serialNumber", serialNumber],
      ["dnQualifier", spec.dnQualifier],
      ["CN", `${holder.surname} ${holder.givenName}`],
    ] as const,
  };
}

async function makeToken(
  spec: TokenSpec,
  dir: string,
  env: NodeJS.ProcessEnv,
  modulePath: string,
  cas: Awaited<ReturnType<typeof makeCas>>,
  now: Date,
): Promise<TestToken> {
  const token = await SoftHsmToken.initialize(env, modulePath, spec.label, spec.userPin, spec.soPin);
  const subjects = holderSubjects(spec);
  const certificates: Record<string, TestTokenCertificate> = {};
  const uses: {
    usage: "authentication" | "signature";
    id: string;
    issuer: IssuerKey;
    profile: CertificateProfile;
  }[] = [
    { usage: "authentication", id: "01", issuer: cas.cnsCa, profile: { kind: "authentication" } },
    { usage: "signature", id: "02", issuer: cas.signatureCa, profile: { kind: "signature" } },
  ];
  for (const use of uses) {
    const base = join(dir, `${spec.variant}-${use.usage}`);
    await token.generateKeyPair(use.id, `${use.usage} key`, spec.key);
    await token.readPublicKey(use.id, `${base}.spki.der`);
    const { notBefore, notAfter } = validityOf(spec.validity, now);
    const certificate: pkijs.Certificate = await issueCertificate({
      subject: subjects[use.usage],
      subjectPublicKeyInfo: new Uint8Array(await readFile(`${base}.spki.der`)),
      notBefore,
      notAfter,
      serialNumber: serialNumber(),
      profile: use.profile,
      issuer: use.issuer,
    });
    const der = certificateDer(certificate);
    await writeFile(`${base}.der`, der);
    await writeFile(`${base}.pem`, toPem(der));
    await token.writeCertificate(use.id, `${use.usage} certificate`, `${base}.der`);
    certificates[use.usage] = {
      id: use.id,
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

  const cas = await makeCas(specs.cas, workDir, now);
  const tokens: Record<string, TestToken> = {};
  for (const spec of specs.tokens) {
    tokens[spec.variant] = await makeToken(spec, workDir, env, modulePath, cas, now);
  }
  const caPems = await Promise.all(
    ["root", "signatureCa", "cnsCa"].map((name) => readFile(join(workDir, `${name}.pem`), "utf8")),
  );
  await writeFile(join(workDir, "bundle.pem"), caPems.join(""));

  await rm(finalDir, { recursive: true, force: true });
  await rename(workDir, finalDir);
  const relocate = (path: string) => path.replace(workDir, finalDir);
  const manifest: TestPkiManifest = {
    specHash: specs.hash,
    softhsm2Conf: join(finalDir, "softhsm2.conf"),
    modulePath,
    ca: {
      rootPem: join(finalDir, "root.pem"),
      signatureCaPem: join(finalDir, "signatureCa.pem"),
      cnsCaPem: join(finalDir, "cnsCa.pem"),
      bundlePem: join(finalDir, "bundle.pem"),
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
  await writeSoftHsmConf(manifest.softhsm2Conf, join(finalDir, "tokens"));
  await writeFile(join(finalDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
