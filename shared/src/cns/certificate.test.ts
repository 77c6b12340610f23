import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateSummarySchema } from "../protocol/fields.js";
import { bytesToHex } from "./bytes-to-hex.js";
import { MAX_CERTIFICATE_BYTES } from "./certificate-bytes.js";
import { EXTENSIONS, NAME_ATTRIBUTES, QC_STATEMENTS, QC_TYPES } from "./certificate-oids.js";
import { summarizeCnsCertificate } from "./certificate-summary.js";
import { parseCnsCertificate } from "./certificate.js";
import vectors from "./vectors/certificate-shapes.json" with { type: "json" };

type Shape = (typeof vectors.shapes)[number];
type NameSpec = readonly { readonly type: string; readonly value: string }[];
interface RawExtension {
  readonly id: string;
  readonly valueHex: string;
  readonly duplicate?: boolean;
}

const NOW = new Date(vectors.now);
const DAY_MS = 86_400_000;
const built = new Map<string, Uint8Array>();

beforeAll(async () => {
  for (const shape of vectors.shapes) {
    built.set(shape.name, await buildCertificate(shape));
  }
});

function derOf(name: string): Uint8Array {
  const der = built.get(name);
  if (der === undefined) {
    throw new Error(`no certificate built for ${name}`);
  }
  return der;
}

describe("parseCnsCertificate on CNS-shaped certificates", () => {
  it.each(vectors.shapes.map((shape) => [shape.name, shape] as const))("reads %s", async (_name, shape) => {
    const der = derOf(shape.name);
    const view = await parseCnsCertificate(der, { now: NOW });
    const { summary, ...expected } = shape.expected;
    expect(view).toMatchObject(expected);
    expect(view.keyAlgorithm).toEqual(expected.keyAlgorithm);
    expect(view.qualified).toEqual(expected.qualified);
    expect(view.policies).toEqual(shape.policies ?? []);
    expect(view.extendedKeyUsage).toEqual(shape.extendedKeyUsage ?? []);
    expect(view.notAfter.getTime() - NOW.getTime()).toBe(shape.validityDays.notAfter * DAY_MS);
    expect(view.sha256Fingerprint).toBe(createHash("sha256").update(der).digest("hex"));
    expect(view.der).toEqual(der);

    const summaryView = certificateSummarySchema.parse(summarizeCnsCertificate(view, "01"));
    expect(summaryView).toMatchObject({
      ...summary,
      id: "01",
      usage: expected.usage,
      daysToExpiry: expected.daysToExpiry,
    });
  });

  it("reads every subject attribute in order, with the names this package uses", async () => {
    const view = await parseCnsCertificate(derOf("qualified-signature"), { now: NOW });
    expect(view.subject.attributes.map(({ name, value }) => [name, value])).toEqual([
      ["country", "IT"],
      ["surname", "ROSSI"],
      ["givenName", "MARIO"],
      ["serialNumber", "TINIT-RSSMRA80A01H501U"],
      ["dnQualifier", "20260000123456"],
      ["commonName", "ROSSI MARIO"],
    ]);
    expect(view.subject.dnQualifier).toBe("20260000123456");
    expect(view.issuer).toMatchObject({ country: "IT", organization: "TEST InfoCamere S.C.p.A." });
    expect(view.issuer.organizationIdentifier).toBe("VATIT-02313821007");
    expect(view.keyUsage).toMatchObject({ nonRepudiation: true, digitalSignature: false });
    expect(view.usageEvidence).toContain("keyUsage nonRepudiation");
    expect(view.serialNumberHex).toMatch(/^[0-9a-f]+$/);
    expect(view.serialNumberHex.startsWith("00")).toBe(false);
  });

  it("tells apart the two certificates of one card by policy, key usage and EKU", async () => {
    const authentication = await parseCnsCertificate(derOf("cns-authentication"), { now: NOW });
    expect(authentication.usageEvidence).toEqual(["policy 1.3.76.16.2.1 (CNS authentication)"]);
    expect(authentication.keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: false });
    const signature = await parseCnsCertificate(derOf("qualified-signature"), { now: NOW });
    expect(signature.usageEvidence).toEqual([
      "keyUsage nonRepudiation",
      "QcCompliance statement",
      "policy 0.4.0.194112.1.2 (QCP-n-qscd)",
      "policy 1.3.76.16.6 (AgID qualified certificate)",
    ]);
  });

  it("measures expiry from `now`", async () => {
    const der = derOf("authentication-in-renewal-window");
    const early = await parseCnsCertificate(der, { now: new Date(NOW.getTime() - 61 * DAY_MS) });
    expect(early).toMatchObject({ daysToExpiry: 91, inRenewalWindow: false, expired: false });
    const edge = await parseCnsCertificate(der, { now: new Date(NOW.getTime() - 60 * DAY_MS) });
    expect(edge).toMatchObject({ daysToExpiry: 90, inRenewalWindow: true });
    const late = await parseCnsCertificate(der, { now: new Date(NOW.getTime() + 31 * DAY_MS) });
    expect(late).toMatchObject({ daysToExpiry: -1, inRenewalWindow: false, expired: true });
    const before = await parseCnsCertificate(der, { now: new Date(NOW.getTime() - 2000 * DAY_MS) });
    expect(before.notYetValid).toBe(true);
  });

  it("accepts PEM as text and as bytes", async () => {
    const der = derOf("cns-authentication");
    const pem = toPem(der);
    const fromText = await parseCnsCertificate(pem, { now: NOW });
    const fromBytes = await parseCnsCertificate(new TextEncoder().encode(`\n${pem}`), { now: NOW });
    const fromArrayBuffer = await parseCnsCertificate(der.slice().buffer, { now: NOW });
    for (const view of [fromText, fromBytes, fromArrayBuffer]) {
      expect(view.der).toEqual(der);
      expect(view.holder.codiceFiscale).toBe("RSSMRA80A01H501U");
    }
  });
});

describe("parseCnsCertificate on hostile input", () => {
  const random = mulberry32(4242);

  async function expectMalformed(source: unknown, detail = ""): Promise<void> {
    await expect(parseCnsCertificate(source as Uint8Array, { now: NOW })).rejects.toMatchObject({
      name: "CnsBridgeError",
      code: "CERT_MALFORMED",
      params: { detail: expect.stringContaining(detail) },
    });
  }

  it("refuses values that are not bytes or text", async () => {
    for (const value of [null, undefined, 42, {}, [0x30, 0x00], new Uint16Array(4)]) {
      await expectMalformed(value);
    }
  });

  it("refuses empty, random and wrong-tag bytes", async () => {
    await expectMalformed(new Uint8Array(0));
    for (let round = 0; round < 200; round += 1) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 600)).map(() => Math.floor(random() * 256));
      await expectMalformed(bytes);
    }
    const der = derOf("cns-authentication");
    await expectMalformed(Uint8Array.from([0x31, ...der.subarray(1)]));
    await expectMalformed(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]));
  });

  it("refuses every truncation and trailing bytes", async () => {
    const der = derOf("qualified-signature");
    for (let length = 0; length < der.length; length += length < 40 ? 1 : 37) {
      await expectMalformed(der.subarray(0, length));
    }
    await expectMalformed(Uint8Array.from([...der, 0x00]), "trailing data after the structure (1 extra)");
    await expectMalformed(Uint8Array.from([...der, ...der]));
  });

  it("refuses huge lengths, deep nesting, BER indefinite lengths and oversized input", async () => {
    await expectMalformed(Uint8Array.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00]));
    await expectMalformed(Uint8Array.from([0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expectMalformed(nestedSequences(5000), "nesting depth");
    await expectMalformed(new Uint8Array(20_000).map((_, index) => (index % 2 === 0 ? 0x30 : 0x80)));
    const der = derOf("cns-authentication");
    const indefinite = Uint8Array.from([0x30, 0x80, ...der.subarray(4), 0x00, 0x00]);
    expect(der[1]).toBe(0x82);
    await expectMalformed(indefinite, "indefinite length");
    await expectMalformed(new Uint8Array(MAX_CERTIFICATE_BYTES + 1).fill(0x30));
  });

  it("refuses broken PEM", async () => {
    const pem = toPem(derOf("cns-authentication"));
    await expectMalformed("not a certificate");
    await expectMalformed(pem.replace(/[A-Z]{4}/, "!!!!"));
    await expectMalformed(pem + pem);
    await expectMalformed("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----");
    await expectMalformed(new TextEncoder().encode("-----BEGIN CERTIFICATE-----\n"));
  });

  it("gives only coded errors for single-byte corruptions of a real certificate", async () => {
    const der = derOf("qualified-signature");
    const unexpected: string[] = [];
    for (let round = 0; round < 400; round += 1) {
      const mutated = der.slice();
      const at = Math.floor(random() * mutated.length);
      mutated[at] = Math.floor(random() * 256);
      try {
        await parseCnsCertificate(mutated, { now: NOW });
      } catch (error) {
        if ((error as { code?: unknown }).code !== "CERT_MALFORMED") {
          unexpected.push(`byte ${at}: ${String(error)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });

  it("refuses deep nesting inside an extension it reads, and ignores it in one it does not", async () => {
    const nested = bytesToHex(nestedSequences(200));
    const policies = await buildCertificate(baseShape(), {
      id: EXTENSIONS.certificatePolicies,
      valueHex: nested,
    });
    await expectMalformed(policies, "nesting depth");
    const unknown = await parseCnsCertificate(
      await buildCertificate(baseShape(), { id: "1.2.3.4", valueHex: nested }),
      {
        now: NOW,
      },
    );
    expect(unknown.usage).toBe("unknown");
  });

  it.each(vectors.incompleteExtensions)("still reads a certificate with $description", async (extension) => {
    const view = await parseCnsCertificate(await buildCertificate(baseShape(), extension), { now: NOW });
    expect(view).toMatchObject(extension.expected);
  });

  it.each(vectors.malformedExtensions)("refuses a certificate with $description", async (extension) => {
    const shape = baseShape();
    await expect(parseCnsCertificate(await buildCertificate(shape), { now: NOW })).resolves.toBeDefined();
    await expectMalformed(await buildCertificate(shape, extension), extension.detail);
  });
});

/** A shape without extensions, so that an added one is the only one of its kind. */
function baseShape(): Shape {
  const shape = vectors.shapes.find(({ name }) => name === "no-extensions-bare-codice-fiscale-in-cn");
  if (shape === undefined) {
    throw new Error("no base shape in certificate-shapes.json");
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------
// Building the test certificates: software keys, shapes from vectors/certificate-shapes.json.

const ATTRIBUTE_TYPES: Readonly<Record<string, string>> = {
  C: NAME_ATTRIBUTES.country,
  O: NAME_ATTRIBUTES.organization,
  OU: NAME_ATTRIBUTES.organizationalUnit,
  CN: NAME_ATTRIBUTES.commonName,
  SN: NAME_ATTRIBUTES.surname,
  GN: NAME_ATTRIBUTES.givenName,
  serialNumber: NAME_ATTRIBUTES.serialNumber,
  dnQualifier: NAME_ATTRIBUTES.dnQualifier,
  organizationIdentifier: NAME_ATTRIBUTES.organizationIdentifier,
  emailAddress: NAME_ATTRIBUTES.emailAddress,
};
const PRINTABLE_TYPES = new Set(["C", "serialNumber", "dnQualifier"]);
const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
];
const keyPairs = new Map<string, Promise<CryptoKeyPair>>();
let serialCounter = 0x7f00;

async function buildCertificate(shape: Shape, rawExtension?: RawExtension): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  serialCounter += 1;
  certificate.serialNumber = new asn1js.Integer({
    valueHex: Uint8Array.from([0x00, 0x9a, serialCounter >> 8, serialCounter & 0xff]),
  });
  setName(certificate.issuer, vectors.issuers[shape.issuer as keyof typeof vectors.issuers]);
  setName(certificate.subject, shape.subject);
  certificate.notBefore.value = new Date(NOW.getTime() + shape.validityDays.notBefore * DAY_MS);
  certificate.notAfter.value = new Date(NOW.getTime() + shape.validityDays.notAfter * DAY_MS);
  const extensions = shapeExtensions(shape);
  if (rawExtension !== undefined) {
    const raw = new pkijs.Extension({
      extnID: rawExtension.id,
      extnValue: hexToBytes(rawExtension.valueHex).buffer,
    });
    extensions.push(raw);
    if (rawExtension.duplicate === true) {
      extensions.push(raw);
    }
  }
  if (extensions.length > 0) {
    certificate.extensions = extensions;
  }
  const subjectKeys = await keyPairFor(shape.key);
  await certificate.subjectPublicKeyInfo.importKey(subjectKeys.publicKey);
  const issuerKeys = await keyPairFor({ algorithm: "RSA", size: 2048 });
  await certificate.sign(issuerKeys.privateKey, "SHA-256");
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

function shapeExtensions(shape: Shape): pkijs.Extension[] {
  const extensions: pkijs.Extension[] = [];
  const add = (id: string, value: asn1js.AsnType | { toSchema(): asn1js.AsnType }, critical = false) => {
    const schema = "toSchema" in value ? value.toSchema() : value;
    extensions.push(new pkijs.Extension({ extnID: id, critical, extnValue: schema.toBER(false) }));
  };
  if ("basicConstraintsCa" in shape && shape.basicConstraintsCa === true) {
    add(EXTENSIONS.basicConstraints, new pkijs.BasicConstraints({ cA: true }), true);
  }
  if ("keyUsage" in shape && shape.keyUsage !== undefined) {
    add(EXTENSIONS.keyUsage, keyUsageBitString(shape.keyUsage), true);
  }
  if (
    "extendedKeyUsage" in shape &&
    shape.extendedKeyUsage !== undefined &&
    shape.extendedKeyUsage.length > 0
  ) {
    add(EXTENSIONS.extendedKeyUsage, new pkijs.ExtKeyUsage({ keyPurposes: shape.extendedKeyUsage }));
  }
  if ("policies" in shape && shape.policies !== undefined && shape.policies.length > 0) {
    const certificatePolicies = shape.policies.map(
      (policyIdentifier) => new pkijs.PolicyInformation({ policyIdentifier }),
    );
    add(EXTENSIONS.certificatePolicies, new pkijs.CertificatePolicies({ certificatePolicies }));
  }
  if ("qcStatements" in shape && shape.qcStatements !== undefined && shape.qcStatements.length > 0) {
    const values = shape.qcStatements.map((statement) => {
      if (!statement.startsWith("qcType:")) {
        return new pkijs.QCStatement({ id: statement });
      }
      const typeOid = Object.keys(QC_TYPES).find(
        (oid) => QC_TYPES[oid] === statement.slice("qcType:".length),
      );
      const type = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: typeOid ?? "" })] });
      return new pkijs.QCStatement({ id: QC_STATEMENTS.qcType, type });
    });
    // pkijs types the QCStatements constructor with the single statement's parameters.
    const statements = new pkijs.QCStatements();
    statements.values = values;
    add(EXTENSIONS.qcStatements, statements);
  }
  return extensions;
}

/** DER BIT STRING: named bits from the left, trailing zero bits dropped (X.690 §11.2.2). */
function keyUsageBitString(names: readonly string[]): asn1js.BitString {
  const bits = KEY_USAGE_BITS.map((name) => names.includes(name));
  const last = bits.lastIndexOf(true);
  const bytes = new Uint8Array(last < 0 ? 0 : (last >> 3) + 1);
  bits.forEach((isSet, bit) => {
    if (isSet) {
      bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
    }
  });
  return new asn1js.BitString({ valueHex: bytes.buffer, unusedBits: last < 0 ? 0 : 7 - (last & 7) });
}

function setName(target: pkijs.RelativeDistinguishedNames, spec: NameSpec): void {
  target.typesAndValues = spec.map(({ type, value }) => {
    const oid = ATTRIBUTE_TYPES[type];
    if (oid === undefined) {
      throw new Error(`unknown attribute type ${type} in certificate-shapes.json`);
    }
    const text =
      type === "emailAddress"
        ? new asn1js.IA5String({ value })
        : PRINTABLE_TYPES.has(type)
          ? new asn1js.PrintableString({ value })
          : new asn1js.Utf8String({ value });
    return new pkijs.AttributeTypeAndValue({ type: oid, value: text });
  });
}

function keyPairFor(key: {
  readonly algorithm: string;
  readonly size?: number;
  readonly namedCurve?: string;
}) {
  const id = `${key.algorithm}-${key.size ?? key.namedCurve ?? ""}`;
  let pair = keyPairs.get(id);
  if (pair === undefined) {
    const algorithm =
      key.algorithm === "RSA"
        ? {
            name: "RSASSA-PKCS1-v1_5",
            modulusLength: key.size ?? 2048,
            publicExponent: Uint8Array.from([1, 0, 1]),
            hash: "SHA-256",
          }
        : { name: "ECDSA", namedCurve: key.namedCurve ?? "P-256" };
    pair = globalThis.crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
    keyPairs.set(id, pair);
  }
  return pair;
}

function toPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** `depth` SEQUENCEs each holding the next, with definite lengths, innermost empty. */
function nestedSequences(depth: number): Uint8Array {
  let inner = new Uint8Array(0);
  for (let level = 0; level < depth; level += 1) {
    const length = inner.length;
    const header =
      length < 0x80
        ? [0x30, length]
        : length < 0x100
          ? [0x30, 0x81, length]
          : [0x30, 0x82, length >> 8, length & 0xff];
    const next = new Uint8Array(header.length + length);
    next.set(header);
    next.set(inner, header.length);
    inner = next;
  }
  return inner;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
