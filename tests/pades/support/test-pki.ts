import { execFileSync } from "node:child_process";
import { constants, generateKeyPairSync, type KeyObject, privateEncrypt, webcrypto } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DigestAlgorithm, Signer } from "../../../shared/src/signatures/index.js";
import identities from "./identities.json" with { type: "json" };

/**
 * A throw-away PKI for the PAdES tests: a root CA and a holder certificate shaped like a CNS
 * signature certificate, the key held in software behind the `Signer` interface.
 */
export interface TestPki {
  readonly caDer: Uint8Array;
  readonly caPem: string;
  readonly signer: Signer;
  /** PKCS#8 DER of the holder key (for pdfsig/NSS imports). */
  readonly holderKeyPkcs8: Uint8Array;
}

type Identity = (typeof identities.holders)[number];

const DIGEST_INFO_PREFIX: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "3031300d060960864801650304020105000420",
  "SHA-384": "3041300d060960864801650304020205000430",
  "SHA-512": "3051300d060960864801650304020305000440",
};

function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function name(entries: readonly { type: string; value: string }[]): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: entries.map(
      (entry) =>
        new pkijs.AttributeTypeAndValue({
          type: entry.type,
          value: new asn1js.Utf8String({ value: entry.value }),
        }),
    ),
  });
}

async function toCryptoKey(key: KeyObject, algorithm: "RSA" | "EC"): Promise<CryptoKey> {
  const pkcs8 = key.export({ format: "der", type: "pkcs8" });
  const params =
    algorithm === "RSA"
      ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }
      : { name: "ECDSA", namedCurve: "P-256" };
  return (await webcrypto.subtle.importKey("pkcs8", pkcs8, params, false, ["sign"])) as CryptoKey;
}

function keyPair(algorithm: "RSA" | "EC"): { privateKey: KeyObject; spkiDer: Buffer } {
  const pair =
    algorithm === "RSA"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey: pair.privateKey, spkiDer: pair.publicKey.export({ format: "der", type: "spki" }) };
}

const OID = {
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  commonName: "2.5.4.3",
  country: "2.5.4.6",
  organization: "2.5.4.10",
  givenName: "2.5.4.42",
  surname: "2.5.4.4",
  serialNumber: "2.5.4.5",
};

async function issue(options: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  spkiDer: Uint8Array;
  issuerKey: CryptoKey;
  serial: number;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: options.serial });
  certificate.subject = options.subject;
  certificate.issuer = options.issuer;
  certificate.notBefore.value = options.notBefore;
  certificate.notAfter.value = options.notAfter;
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(options.spkiDer.slice());
  const keyUsageBits = options.ca ? 0x06 : 0x40; // keyCertSign|cRLSign, or nonRepudiation
  certificate.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: options.ca }).toSchema().toBER(),
    }),
    new pkijs.Extension({
      extnID: OID.keyUsage,
      critical: true,
      extnValue: new asn1js.BitString({
        valueHex: new Uint8Array([keyUsageBits]).buffer,
        unusedBits: 1,
      }).toBER(),
    }),
  ];
  await certificate.sign(options.issuerKey, "SHA-256");
  return new Uint8Array(certificate.toSchema().toBER());
}

function randomSerial(): number {
  return 1 + Math.floor(Math.random() * 2 ** 31);
}

/** Makes a CA and one holder; `holder` picks an identity from identities.json. */
export async function createTestPki(
  keyAlgorithm: "RSA" | "EC",
  holder: Identity = identities.holders[0] as Identity,
): Promise<TestPki> {
  const now = Date.now();
  const caKeys = keyPair("RSA");
  // A distinct name and serial per CA, so several test CAs can sit in one NSS db.
  const caName = name([
    { type: OID.country, value: "IT" },
    { type: OID.organization, value: "cns-bridge TEST" },
    { type: OID.commonName, value: `cns-bridge TEST PAdES CA ${keyAlgorithm} ${randomSerial()}` },
  ]);
  const caKey = await toCryptoKey(caKeys.privateKey, "RSA");
  const caDer = await issue({
    subject: caName,
    issuer: caName,
    spkiDer: caKeys.spkiDer,
    issuerKey: caKey,
    serial: randomSerial(),
    ca: true,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
  });
  const holderKeys = keyPair(keyAlgorithm);
  const holderDer = await issue({
    subject: name([
      { type: OID.country, value: "IT" },
      { type: OID.givenName, value: holder.givenName },
      { type: OID.surname, value: holder.surname },
      { type: OID.serialNumber, value: `TINIT-${holder.codiceFiscale}` },
      { type: OID.commonName, value: `${holder.surname} ${holder.givenName}` },
    ]),
    issuer: caName,
    spkiDer: holderKeys.spkiDer,
    issuerKey: caKey,
    serial: randomSerial(),
    ca: false,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 180 * 86_400_000),
  });
  const privateKey = holderKeys.privateKey;
  const keyPath = join(mkdtempSync(join(tmpdir(), "cns-pades-key-")), "holder.pem");
  writeFileSync(keyPath, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  const signer: Signer = {
    certificate: holderDer,
    chain: [caDer],
    keyAlgorithm,
    sign(digest: Uint8Array, algorithm: DigestAlgorithm): Promise<Uint8Array> {
      if (keyAlgorithm === "RSA") {
        const digestInfo = Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[algorithm], "hex"), digest]);
        return Promise.resolve(
          new Uint8Array(
            privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo),
          ),
        );
      }
      // Node's sign() always hashes its input; `openssl pkeyutl` signs a ready digest.
      return Promise.resolve(
        new Uint8Array(execFileSync("openssl", ["pkeyutl", "-sign", "-inkey", keyPath], { input: digest })),
      );
    },
  };
  return {
    caDer,
    caPem: toPem(caDer, "CERTIFICATE"),
    signer,
    holderKeyPkcs8: new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })),
  };
}

export { toPem };
