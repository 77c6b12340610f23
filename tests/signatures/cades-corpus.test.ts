import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  concatBytes,
  createCadesEnvelope,
  createTrustList,
  digestBytes,
  isCnsBridgeError,
} from "@cns-bridge/shared";
import { verifySignedFile } from "@cns-bridge/agent/signing/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSoftwarePki } from "../support/software-pki.js";
import { CORPUS_CONTENT, type CorpusCase, makeCadesCorpus } from "./corpus/make-cades-corpus.js";

let dir: string;
let cases: CorpusCase[];
let trustPem: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cades-corpus-"));
  const pki = await loadSoftwarePki();
  trustPem = pki.trustPem;
  cases = await makeCadesCorpus(pki);
  // The corpus lives on disk like real files: the verifier reads them through the streaming path.
  for (const item of cases) {
    await writeFile(join(dir, `${item.name}.p7m`), item.p7m);
    if (item.content !== undefined) await writeFile(join(dir, `${item.name}.content`), item.content);
  }
  await writeFile(join(dir, "document.txt"), CORPUS_CONTENT);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verifyCase(item: CorpusCase) {
  return verifySignedFile({
    input: join(dir, `${item.name}.p7m`),
    ...(item.content === undefined ? {} : { content: join(dir, `${item.name}.content`) }),
    trustList: createTrustList([trustPem]),
    language: "en",
  });
}

describe("tampered and forged CAdES corpus", () => {
  it("has at least 20 cases, each with one expected code", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const item of cases) expect(item.throws === undefined).not.toBe(item.finding === undefined);
    expect(new Set(cases.map((item) => item.name)).size).toBe(cases.length);
  });

  it("accepts the untampered signatures the cases are made from (control)", async () => {
    const pki = await loadSoftwarePki();
    for (const signer of [pki.signers.rsa, pki.signers.ec]) {
      const envelope = await createCadesEnvelope(
        await digestBytes("SHA-256", CORPUS_CONTENT),
        { signer },
        CORPUS_CONTENT.length,
      );
      await writeFile(
        join(dir, "control.p7m"),
        concatBytes([envelope.prefix, CORPUS_CONTENT, envelope.suffix]),
      );
      const report = await verifySignedFile({
        input: join(dir, "control.p7m"),
        trustList: createTrustList([trustPem]),
        language: "en",
      });
      expect(report.signatures[0]?.errors).toEqual([]);
      expect(report.valid).toBe(true);
    }
  });

  it("rejects every case with the right code", async () => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const item of cases) {
      expected[item.name] = item.throws ?? item.finding?.code ?? "";
      try {
        const report = await verifyCase(item);
        const finding = report.signatures[item.finding?.index ?? 0];
        const codes = finding?.errors.map((error) => error.code) ?? [];
        const wanted = item.finding?.code;
        outcomes[item.name] =
          !report.valid &&
          finding !== undefined &&
          !finding.valid &&
          wanted !== undefined &&
          codes.includes(wanted)
            ? wanted
            : `valid=${String(report.valid)} codes=${codes.join(",")}`;
      } catch (error) {
        outcomes[item.name] = isCnsBridgeError(error) ? error.code : `threw ${String(error)}`;
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
