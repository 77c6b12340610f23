import { describe, expect, it } from "vitest";
import {
  bytesToBase64,
  createCadesEnvelope,
  createTrustList,
  digestBytes,
  isCnsBridgeError,
} from "@cns-bridge/shared";
import { loadSoftwarePki } from "../../../tests/support/software-pki.js";
import { verifySignedBytes } from "./verify-signed-bytes.js";

const content = new TextEncoder().encode("Domanda di rilascio del dispositivo");

async function attachedP7m(): Promise<{ bytes: Uint8Array; trustPem: string }> {
  const pki = await loadSoftwarePki();
  const { prefix, suffix } = await createCadesEnvelope(
    await digestBytes("SHA-256", content),
    { signer: pki.signers.rsa },
    content.length,
  );
  const bytes = new Uint8Array(prefix.length + content.length + suffix.length);
  bytes.set(prefix, 0);
  bytes.set(content, prefix.length);
  bytes.set(suffix, prefix.length + content.length);
  return { bytes, trustPem: pki.trustPem };
}

describe("verifySignedBytes (Verifica tab)", () => {
  it("reports an intact, trusted CAdES signature with its signer", async () => {
    const { bytes, trustPem } = await attachedP7m();
    const report = await verifySignedBytes(bytes, "it", createTrustList([trustPem]));
    expect(report.format).toBe("cades");
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ intact: true, trusted: true, problems: [] });
    expect(report.signatures[0]?.signer?.codiceFiscale).toMatch(/^[A-Z0-9]{16}$/);
  });

  it("keeps integrity apart from trust when the CA is not in the list", async () => {
    const { bytes } = await attachedP7m();
    const [signature] = (await verifySignedBytes(bytes, "it")).signatures;
    expect(signature).toMatchObject({ intact: true, trusted: false, problems: [] });
  });

  it("says NOT intact when one byte of the content changed", async () => {
    const { bytes, trustPem } = await attachedP7m();
    const tampered = bytes.slice();
    const at = tampered.indexOf(content[0] ?? 0, 40);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const [signature] = (await verifySignedBytes(tampered, "it", createTrustList([trustPem]))).signatures;
    expect(signature?.intact).toBe(false);
    expect(signature?.problems.map((problem) => problem.code)).toContain("SIG_DIGEST_MISMATCH");
  });

  it("reads a Base64 .p7m as well", async () => {
    const { bytes } = await attachedP7m();
    const text = new TextEncoder().encode(bytesToBase64(bytes));
    expect((await verifySignedBytes(text, "it")).signatures[0]?.intact).toBe(true);
  });

  it("refuses a file that is not a signature with a coded error", async () => {
    const failure = await verifySignedBytes(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), "it").catch(
      (error: unknown) => error,
    );
    expect(isCnsBridgeError(failure)).toBe(true);
  });
});
