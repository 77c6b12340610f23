import { readFileSync, rmSync } from "node:fs";
import { CnsBridgeError, createTrustList, type TrustList } from "@cns-bridge/shared";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES, sniffUpload, verifyUpload } from "../sandbox/portal/upload-verification.js";
import { makeWorld, type PortalWorld, signWithCli } from "./support.js";

let world: PortalWorld;
let trustList: TrustList;
let holderCf: string;
let original: Uint8Array;
let cades: Uint8Array;
let pades: Uint8Array;
let byOther: Uint8Array;

async function samplePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(new Date("2026-01-01T00:00:00Z"));
  pdf.setModificationDate(new Date("2026-01-01T00:00:00Z"));
  pdf.addPage().drawText(text);
  return pdf.save({ useObjectStreams: false });
}

beforeAll(async () => {
  world = await makeWorld();
  trustList = createTrustList([readFileSync(world.manifest.ca.bundlePem, "utf8")]);
  holderCf = world.token("holder-rsa").holder.codiceFiscale;
  original = await samplePdf("Modulo di richiesta");
  cades = signWithCli(world, "holder-rsa", original, "cades");
  pades = signWithCli(world, "holder-rsa", original, "pades");
  byOther = signWithCli(world, "second-holder", original, "cades");
});

afterAll(() => rmSync(world.dir, { recursive: true, force: true }));

async function outcome(
  bytes: Uint8Array,
  options: { contentType?: string; now?: Date; expected?: Uint8Array } = {},
) {
  try {
    const accepted = await verifyUpload({
      bytes,
      contentType: options.contentType ?? "application/octet-stream",
      expected: { bytes: options.expected ?? original, title: "Modulo di richiesta" },
      holderCodiceFiscale: holderCf,
      trustList,
      now: options.now ?? new Date(),
    });
    return accepted.format;
  } catch (error) {
    if (error instanceof CnsBridgeError) return error.code;
    throw error;
  }
}

describe("upload verification", () => {
  it("accepts the holder's CAdES .p7m (DER and Base64) and PAdES signature of the exact document", async () => {
    expect(await outcome(cades)).toBe("cades");
    expect(await outcome(new TextEncoder().encode(Buffer.from(cades).toString("base64")))).toBe("cades");
    expect(await outcome(pades, { contentType: "application/pdf" })).toBe("pades");
  });

  it("refuses another holder's signature", async () => {
    expect(await outcome(byOther)).toBe("ROUTE_UPLOAD_WRONG_SIGNER");
  });

  it("refuses a signature over another document", async () => {
    const other = await samplePdf("Un altro documento");
    expect(await outcome(cades, { expected: other })).toBe("ROUTE_UPLOAD_CONTENT_CHANGED");
    expect(await outcome(pades, { expected: other })).toBe("ROUTE_UPLOAD_CONTENT_CHANGED");
  });

  it("refuses a certificate expired at upload time", async () => {
    const later = new Date(Date.now() + 20 * 365 * 24 * 3600 * 1000);
    expect(await outcome(cades, { now: later })).toBe("ROUTE_UPLOAD_CERTIFICATE_EXPIRED");
  });

  it("refuses a tampered signature", async () => {
    const tampered = new Uint8Array(cades);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    expect(await outcome(tampered)).toMatch(/^ROUTE_UPLOAD_(SIGNATURE_INVALID|NOT_SIGNED)$/);
  });

  it.each([
    ["truncated .p7m", () => cades.subarray(0, cades.length - 100), "ROUTE_UPLOAD_NOT_SIGNED"],
    ["trailing bytes", () => new Uint8Array([...cades, 0, 0]), "ROUTE_UPLOAD_NOT_SIGNED"],
    ["the unsigned PDF", () => original, "ROUTE_UPLOAD_NOT_SIGNED"],
    ["a tiny file", () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), "ROUTE_UPLOAD_TYPE"],
    ["an HTML page", () => new TextEncoder().encode("<html><body>ciao</body></html>"), "ROUTE_UPLOAD_TYPE"],
    ["a ZIP", () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(40)]), "ROUTE_UPLOAD_TYPE"],
  ])("refuses %s", async (_name, make, code) => {
    expect(await outcome(make())).toBe(code);
  });

  it("sniffs the bytes and bounds the size whatever the declared type", () => {
    expect(() => sniffUpload(cades, "text/html")).toThrow(CnsBridgeError);
    expect(() => sniffUpload(new Uint8Array(MAX_UPLOAD_BYTES + 1), "application/pdf")).toThrow(/20 MB/);
    expect(sniffUpload(pades, "application/octet-stream")).toBe("pdf");
    expect(sniffUpload(cades, "application/pkcs7-mime; smime-type=signed-data")).toBe("der");
  });
});
