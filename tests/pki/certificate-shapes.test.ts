import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { parseCnsCertificate } from "@cns-bridge/shared";
import { loadTestPki, type TestToken } from "./index.js";
import { readSpecs } from "./make-test-pki.js";

const run = promisify(execFile);
const DAY_MS = 86_400_000;
const manifest = loadTestPki();
const tokens = Object.values(manifest.tokens);

function token(variant: string): TestToken {
  const found = manifest.tokens[variant];
  if (found === undefined) throw new Error(`no ${variant} token in the test PKI`);
  return found;
}

async function certificate(path: string | undefined): Promise<pkijs.Certificate> {
  if (path === undefined) throw new Error("certificate missing from the manifest");
  return pkijs.Certificate.fromBER(new Uint8Array(await readFile(path)));
}

function extensionValue(cert: pkijs.Certificate, oid: string): asn1js.AsnType | undefined {
  const found = cert.extensions?.find((extension) => extension.extnID === oid);
  return found === undefined ? undefined : asn1js.fromBER(found.extnValue.valueBlock.valueHexView).result;
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("hex");
}

/** Every OBJECT IDENTIFIER inside an ASN.1 value, depth first. */
function oidsIn(value: asn1js.AsnType | undefined): string[] {
  if (value instanceof asn1js.ObjectIdentifier) return [value.valueBlock.toString()];
  if (value instanceof asn1js.Constructed) return value.valueBlock.value.flatMap((inner) => oidsIn(inner));
  return [];
}

async function subjectLine(path: string | undefined): Promise<string> {
  const { stdout } = await run("openssl", [
    "x509",
    "-noout",
    "-subject",
    "-nameopt",
    "RFC2253",
    "-in",
    path ?? "",
  ]);
  return stdout.trim();
}

describe("test CNS certificate shapes", () => {
  it("gives the signature certificate the QC statements QcCompliance, QcSSCD and QcType esign", async () => {
    for (const each of tokens) {
      const cert = await certificate(each.certificates.signature?.derPath);
      expect(oidsIn(extensionValue(cert, "1.3.6.1.5.5.7.1.3")), each.variant).toEqual([
        "0.4.0.1862.1.1",
        "0.4.0.1862.1.4",
        "0.4.0.1862.1.6",
        "0.4.0.1862.1.6.1",
      ]);
      const authentication = await certificate(each.certificates.authentication?.derPath);
      expect(extensionValue(authentication, "1.3.6.1.5.5.7.1.3"), each.variant).toBeUndefined();
    }
  });

  it("links each certificate to its CA by key identifiers", async () => {
    const caSki = async (pemPath: string) => {
      const { stdout } = await run("openssl", [
        "x509",
        "-noout",
        "-ext",
        "subjectKeyIdentifier",
        "-in",
        pemPath,
      ]);
      return stdout.split("\n")[1]?.trim().replaceAll(":", "").toLowerCase();
    };
    const issuers = {
      authentication: await caSki(manifest.ca.cnsCaPem),
      signature: await caSki(manifest.ca.signatureCaPem),
    };
    for (const each of tokens) {
      for (const usage of ["authentication", "signature"] as const) {
        const cert = await certificate(each.certificates[usage]?.derPath);
        const aki = extensionValue(cert, "2.5.29.35");
        const keyIdentifier = new pkijs.AuthorityKeyIdentifier({ schema: aki }).keyIdentifier;
        expect(
          hex(keyIdentifier?.valueBlock.valueHexView ?? new Uint8Array()),
          `${each.variant} ${usage}`,
        ).toBe(issuers[usage]);
        expect(extensionValue(cert, "2.5.29.14"), `${each.variant} ${usage}`).toBeInstanceOf(
          asn1js.OctetString,
        );
      }
    }
  });

  it("writes one RDN per attribute, in the order of a real CNS", async () => {
    const holder = token("holder-rsa");
    const { codiceFiscale, surname, givenName } = holder.holder;
    const spec = (await readSpecs()).tokens.find((each) => each.variant === holder.variant);
    if (spec === undefined) throw new Error("no spec for the holder-rsa token");
    const { dnQualifier, cardSerial } = spec;
    // RFC 2253 lists RDNs last first, separated by commas ("+" would mean a multi-valued RDN).
    expect(await subjectLine(holder.certificates.signature?.pemPath)).toBe(
      `subject=CN=${surname} ${givenName},dnQualifier=${dnQualifier},serialNumber=TINIT-${codiceFiscale},GN=${givenName},SN=${surname},C=IT`,
    );
    // The authentication certificate names the holder too (InfoCamere puts SN, GN and a
    // dnQualifier beside the CN "CF/card serial.hash"), without the signature's serialNumber.
    expect(await subjectLine(holder.certificates.authentication?.pemPath)).toMatch(
      new RegExp(
        `^subject=CN=${codiceFiscale}/${cardSerial}\\.[A-Za-z0-9+/]{27}=,dnQualifier=${dnQualifier},GN=${givenName},SN=${surname},OU=Carta Nazionale dei Servizi,O=TEST Camera di Commercio,C=IT$`,
      ),
    );
    expect(await subjectLine(token("old-generation").certificates.signature?.pemPath)).toContain(
      `serialNumber=IT:${token("old-generation").holder.codiceFiscale}`,
    );
  });

  it("gives the CNS certificate view the holder's codice fiscale and names from both certificates", async () => {
    for (const each of tokens) {
      for (const usage of ["authentication", "signature"] as const) {
        const view = await parseCnsCertificate(await readFile(each.certificates[usage]?.derPath ?? ""));
        expect(view.usage, `${each.variant} ${usage}`).toBe(usage);
        expect(view.holder, `${each.variant} ${usage}`).toMatchObject(each.holder);
      }
    }
  });

  it("uses P-256 keys on the EC token, without keyEncipherment (RFC 5480)", async () => {
    const ec = token("holder-ec");
    for (const usage of ["authentication", "signature"] as const) {
      const { stdout } = await run("openssl", [
        "x509",
        "-noout",
        "-text",
        "-in",
        ec.certificates[usage]?.pemPath ?? "",
      ]);
      expect(stdout).toContain("id-ecPublicKey");
      expect(stdout).toContain("NIST CURVE: P-256");
      expect(stdout).not.toContain("Key Encipherment");
    }
    const { stdout } = await run("openssl", [
      "x509",
      "-noout",
      "-ext",
      "keyUsage",
      "-in",
      ec.certificates.authentication?.pemPath ?? "",
    ]);
    expect(stdout).toContain("Digital Signature, Key Agreement");
  });

  it("dates each variant as its name says", () => {
    const now = Date.now();
    for (const each of tokens) {
      for (const cert of Object.values(each.certificates)) {
        const daysLeft = (cert.notAfter - now) / DAY_MS;
        if (each.variant === "expired") expect(daysLeft, each.variant).toBeLessThan(0);
        else if (each.variant === "renewal-window") expect(daysLeft, each.variant).toBeGreaterThan(20);
        else expect(daysLeft, each.variant).toBeGreaterThan(365);
        if (each.variant === "renewal-window") expect(daysLeft, each.variant).toBeLessThanOrEqual(30);
        expect(cert.notBefore, each.variant).toBeLessThan(now);
      }
    }
  });

  it.each(["root", "signatureCa", "cnsCa"] as const)("keeps the private key of the %s CA", async (name) => {
    const certificatePem = {
      root: manifest.ca.rootPem,
      signatureCa: manifest.ca.signatureCaPem,
      cnsCa: manifest.ca.cnsCaPem,
    }[name];
    const fromKey = await run("openssl", ["pkey", "-pubout", "-in", manifest.ca.keys[name]]);
    const fromCertificate = await run("openssl", ["x509", "-pubkey", "-noout", "-in", certificatePem]);
    expect(fromKey.stdout).toContain("BEGIN PUBLIC KEY");
    expect(fromKey.stdout).toBe(fromCertificate.stdout);
  });

  it("gives every token its own label and holder, and the second holder another codice fiscale", () => {
    const labels = tokens.map((each) => each.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(token("second-holder").holder.codiceFiscale).not.toBe(token("holder-rsa").holder.codiceFiscale);
    expect(new Set(tokens.map((each) => each.serial)).size).toBe(tokens.length);
  });
});
