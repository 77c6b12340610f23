import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { computeCodiceFiscaleCheckChar } from "@cns-bridge/shared";
import { SoftwareSigner } from "./software-signer.js";

/**
 * A small software PKI for signature tests that need no token: a TEST root, a TEST qualified
 * signature CA under it, and CNS-shaped signature certificates for fictitious holders
 * (RSA-2048, EC P-256, the older RSA-1024 generation, an expired one, a second holder).
 * Built with pkijs and WebCrypto in memory, in well under a second per key.
 */
export interface SoftwarePki {
  readonly root: Uint8Array;
  readonly intermediate: Uint8Array;
  /** Root and intermediate as PEM, for `openssl cms -verify -CAfile`. */
  readonly caBundlePem: string;
  /** The trust list as data: the root only (the intermediate travels in the signature). */
  readonly trustPem: string;
  readonly signers: Readonly<Record<SoftwareSignerVariant, SoftwareSigner>>;
  /** A root nobody trusts and a signer under it, for "wrong CA" cases. */
  readonly untrustedSigner: SoftwareSigner;
}

export type SoftwareSignerVariant = "rsa" | "ec" | "rsa1024" | "expired" | "secondHolder";

const OID = {
  commonName: "2.5.4.3",
  surname: "2.5.4.4",
  serialNumber: "2.5.4.5",
  country: "2.5.4.6",
  organization: "2.5.4.10",
  givenName: "2.5.4.42",
  dnQualifier: "2.5.4.46",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectKeyIdentifier: "2.5.29.14",
  qcStatements: "1.3.6.1.5.5.7.1.3",
  qcCompliance: "0.4.0.1862.1.1",
  qcSscd: "0.4.0.1862.1.4",
} as const;

type Name = readonly (readonly [string, string])[];

interface KeyPairSpec {
  readonly kind: "RSA" | "EC";
  readonly bits?: number;
}

async function generateKeyPair(spec: KeyPairSpec): Promise<CryptoKeyPair> {
  if (spec.kind === "EC") {
    return globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]);
  }
  return globalThis.crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: spec.bits ?? 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
}

function nameOf(attributes: Name): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: attributes.map(
      ([type, value]) =>
        new pkijs.AttributeTypeAndValue({
          type,
          value:
            type === OID.country || type === OID.serialNumber || type === OID.dnQualifier
              ? new asn1js.PrintableString({ value })
              : new asn1js.Utf8String({ value }),
        }),
    ),
  });
}

interface IssueRequest {
  readonly subject: Name;
  readonly issuer: Name;
  readonly publicKey: CryptoKey;
  readonly issuerKey: CryptoKey;
  readonly ca: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly qualified?: boolean;
}

async function issue(request: IssueRequest): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = randomBytes(12);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x10;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.issuer = nameOf(request.issuer);
  certificate.subject = nameOf(request.subject);
  certificate.notBefore.value = request.notBefore;
  certificate.notAfter.value = request.notAfter;
  await certificate.subjectPublicKeyInfo.importKey(request.publicKey);
  const spkiHash = new Uint8Array(
    await globalThis.crypto.subtle.digest(
      "SHA-1",
      new Uint8Array(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    ),
  );
  const extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: request.ca }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.keyUsage,
      critical: true,
      // CA: keyCertSign + cRLSign; holder: nonRepudiation only, as on a CNS signature certificate.
      extnValue: (request.ca
        ? new asn1js.BitString({ valueHex: Uint8Array.of(0x06), unusedBits: 1 })
        : new asn1js.BitString({ valueHex: Uint8Array.of(0x40), unusedBits: 6 })
      ).toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      extnValue: new asn1js.OctetString({ valueHex: spkiHash }).toBER(false),
    }),
  ];
  if (request.qualified === true) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.qcStatements,
        extnValue: new asn1js.Sequence({
          value: [OID.qcCompliance, OID.qcSscd].map(
            (oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] }),
          ),
        }).toBER(false),
      }),
    );
  }
  certificate.extensions = extensions;
  await certificate.sign(request.issuerKey, "SHA-256");
  return new Uint8Array(certificate.toSchema().toBER(false));
}

export function toPem(der: Uint8Array, label = "CERTIFICATE"): string {
  const base64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd();
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

const YEAR_MS = 365 * 86_400_000;

interface Holder {
  readonly codiceFiscale: string;
  readonly givenName: string;
  readonly surname: string;
}

/** Fictitious holders: codici fiscali built from made-up data, checked by our own validator. */
function holder(first15: string, givenName: string, surname: string): Holder {
  return { codiceFiscale: first15 + computeCodiceFiscaleCheckChar(first15), givenName, surname };
}

export const TEST_HOLDERS = {
  first: holder("TSTMRA80A01H501", "MARIA", "TEST"),
  second: holder("PRVLGU75C12F205", "LUIGI", "PROVA"),
} as const;

function holderName(who: Holder, oldGeneration: boolean): Name {
  return [
    [OID.country, "IT"],
    [OID.organization, "TEST cns-bridge"],
    [OID.surname, who.surname],
    [OID.givenName, who.givenName],
    [OID.serialNumber, oldGeneration ? `IT:${who.codiceFiscale}` : `TINIT-${who.codiceFiscale}`],
    [OID.commonName, `${who.surname} ${who.givenName}`],
    [OID.dnQualifier, "TEST000001"],
  ];
}

let cached: Promise<SoftwarePki> | undefined;

/** The software PKI, created once per test process. */
export function loadSoftwarePki(): Promise<SoftwarePki> {
  cached ??= createSoftwarePki();
  return cached;
}

async function createSoftwarePki(): Promise<SoftwarePki> {
  const now = Date.now();
  const rootName: Name = [
    [OID.country, "IT"],
    [OID.organization, "TEST cns-bridge"],
    [OID.commonName, "TEST cns-bridge Root CA"],
  ];
  const caName: Name = [
    [OID.country, "IT"],
    [OID.organization, "TEST cns-bridge"],
    [OID.commonName, "TEST cns-bridge Qualified Electronic Signature CA"],
  ];
  const rootKeys = await generateKeyPair({ kind: "RSA" });
  const caKeys = await generateKeyPair({ kind: "RSA" });
  const longAgo = new Date(now - 10 * YEAR_MS);
  const farAway = new Date(now + 10 * YEAR_MS);
  const root = await issue({
    subject: rootName,
    issuer: rootName,
    publicKey: rootKeys.publicKey,
    issuerKey: rootKeys.privateKey,
    ca: true,
    notBefore: longAgo,
    notAfter: farAway,
  });
  const intermediate = await issue({
    subject: caName,
    issuer: rootName,
    publicKey: caKeys.publicKey,
    issuerKey: rootKeys.privateKey,
    ca: true,
    notBefore: longAgo,
    notAfter: farAway,
  });

  const makeSigner = async (
    spec: KeyPairSpec,
    who: Holder,
    validity: { notBefore: Date; notAfter: Date },
    issuerKey = caKeys.privateKey,
    issuerName = caName,
    chain: readonly Uint8Array[] = [intermediate],
  ): Promise<SoftwareSigner> => {
    const keys = await generateKeyPair(spec);
    const certificate = await issue({
      subject: holderName(who, spec.bits === 1024),
      issuer: issuerName,
      publicKey: keys.publicKey,
      issuerKey,
      ca: false,
      qualified: true,
      ...validity,
    });
    const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey("pkcs8", keys.privateKey));
    return new SoftwareSigner(certificate, chain, spec.kind, pkcs8);
  };
  const current = { notBefore: new Date(now - YEAR_MS), notAfter: new Date(now + 2 * YEAR_MS) };
  const expired = { notBefore: new Date(now - 4 * YEAR_MS), notAfter: new Date(now - YEAR_MS) };

  const otherRootName: Name = [
    [OID.country, "IT"],
    [OID.commonName, "TEST untrusted look-alike CA"],
  ];
  const otherRootKeys = await generateKeyPair({ kind: "RSA" });
  const otherRoot = await issue({
    subject: otherRootName,
    issuer: otherRootName,
    publicKey: otherRootKeys.publicKey,
    issuerKey: otherRootKeys.privateKey,
    ca: true,
    notBefore: longAgo,
    notAfter: farAway,
  });

  return {
    root,
    intermediate,
    caBundlePem: toPem(root) + toPem(intermediate),
    trustPem: toPem(root),
    signers: {
      rsa: await makeSigner({ kind: "RSA" }, TEST_HOLDERS.first, current),
      ec: await makeSigner({ kind: "EC" }, TEST_HOLDERS.first, current),
      rsa1024: await makeSigner({ kind: "RSA", bits: 1024 }, TEST_HOLDERS.first, current),
      expired: await makeSigner({ kind: "RSA" }, TEST_HOLDERS.first, expired),
      secondHolder: await makeSigner({ kind: "RSA" }, TEST_HOLDERS.second, current),
    },
    untrustedSigner: await makeSigner(
      { kind: "RSA" },
      TEST_HOLDERS.first,
      current,
      otherRootKeys.privateKey,
      otherRootName,
      [otherRoot],
    ),
  };
}
