import { describe, expect, it } from "vitest";
import {
  addCountersignature,
  addParallelSignature,
  concatBytes,
  createCadesEnvelope,
  createTrustList,
  type DigestAlgorithm,
  digestBytes,
  encodeAttachedSignedData,
  parseSignedData,
  type ParsedSignedData,
  verifyCmsSignerInfos,
} from "@cns-bridge/shared";
import { loadSoftwarePki } from "../support/software-pki.js";

const content = new TextEncoder().encode("Domanda di iscrizione al registro delle imprese\n");

async function verify(parsed: ParsedSignedData, data: Uint8Array, trustPem: string) {
  return verifyCmsSignerInfos({
    signedData: parsed,
    contentDigest: (algorithm: DigestAlgorithm) => digestBytes(algorithm, data),
    trustList: createTrustList([trustPem]),
    profile: "cades",
  });
}

describe("CAdES-B-B signing and verification", () => {
  it.each(["rsa", "ec"] as const)(
    "attached %s signature verifies with the signer's CNS view",
    async (variant) => {
      const pki = await loadSoftwarePki();
      const signer = pki.signers[variant];
      const { prefix, suffix } = await createCadesEnvelope(
        await digestBytes("SHA-256", content),
        { signer },
        content.length,
      );
      const p7m = concatBytes([prefix, content, suffix]);
      const parsed = await parseSignedData(p7m);
      expect(parsed.content?.length).toBe(content.length);
      const findings = await verify(parsed, content, pki.trustPem);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.errors.map((e) => e.code)).toEqual([]);
      expect(findings[0]?.valid).toBe(true);
      expect(findings[0]?.signer?.codiceFiscale).toMatch(/^TSTMRA80A01H501/);
      expect(findings[0]?.qualified).toBe(true);
    },
  );

  it.each(["SHA-384", "SHA-512"] as const)("signs with %s when asked", async (digestAlgorithm) => {
    const pki = await loadSoftwarePki();
    const { prefix, suffix } = await createCadesEnvelope(await digestBytes(digestAlgorithm, content), {
      signer: pki.signers.rsa,
      digestAlgorithm,
    });
    const findings = await verify(
      await parseSignedData(concatBytes([prefix, suffix])),
      content,
      pki.trustPem,
    );
    expect(findings[0]?.digestAlgorithm).toBe(digestAlgorithm);
    expect(findings[0]?.valid).toBe(true);
  });

  it("keeps the first signature valid after a parallel signature and a countersignature", async () => {
    const pki = await loadSoftwarePki();
    const digest = await digestBytes("SHA-256", content);
    const first = await createCadesEnvelope(digest, { signer: pki.signers.rsa }, content.length);
    const parsed = await parseSignedData(concatBytes([first.prefix, content, first.suffix]));
    const parallel = await addParallelSignature(parsed, digest, { signer: pki.signers.secondHolder });
    const twice = await parseSignedData(encodeAttachedSignedData(parallel, content));
    const countersigned = await addCountersignature(twice, 0, { signer: pki.signers.ec });
    const final = await parseSignedData(encodeAttachedSignedData(countersigned, content));
    const findings = await verify(final, content, pki.trustPem);
    expect(findings.map((f) => [f.valid, f.countersignatureOf, f.errors.map((e) => e.code)])).toHaveLength(3);
    expect(findings.every((f) => f.valid)).toBe(true);
    expect(findings.filter((f) => f.countersignatureOf !== undefined)).toHaveLength(1);
  });
});
