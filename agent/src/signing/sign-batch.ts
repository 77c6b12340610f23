import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import {
  assertSignerAllowed,
  CnsBridgeError,
  type DigestAlgorithm,
  isCnsBridgeError,
  inspectPdfForSigning,
  signPdf,
  type SignPdfOptions,
  type Signer,
} from "@cns-bridge/shared";
import { writeAtomically, writeAll } from "./atomic-output.js";
import { type CadesSignMode, signCadesFile } from "./sign-cades-file.js";

export type SignFormat = "cades" | "pades";

export interface SignJob {
  readonly input: string;
  readonly output: string;
}

export interface SignBatchOptions {
  readonly format: SignFormat;
  readonly cadesMode: CadesSignMode;
  /** Document of a detached `.p7s` getting a parallel signature. */
  readonly content?: string;
  readonly digestAlgorithm: DigestAlgorithm;
  /** PAdES only: visible appearance, reason, location (invisible by default). */
  readonly pades?: Pick<SignPdfOptions, "appearance" | "reason" | "location">;
  /** Progress inside the current file (CAdES streams report it; PAdES jumps to the end). */
  readonly onFileProgress?: (index: number, fraction: number) => void;
}

export interface SignOutcome {
  readonly in: string;
  readonly out: string;
  readonly sha256: string | null;
  readonly ok: boolean;
  readonly error?: CnsBridgeError;
  /** Signed, but the holder should know (e.g. PDF_A_CONFORMANCE_AT_RISK). */
  readonly warnings: readonly CnsBridgeError[];
}

/** PDFs are signed in memory by the PAdES writer; CAdES streams, whatever the size. */
export const MAX_PDF_SIGN_BYTES = 512 * 1024 * 1024;

/**
 * Where each signed file goes: `--out FILE` for one input, or `--out-dir DIR` keeping the name
 * (`x.pdf` -> `DIR/x.pdf.p7m` or `.p7s`; a PDF stays `DIR/x.pdf`; an added signature keeps the
 * `.p7m` name). An output that would overwrite its own input is refused.
 */
export function planOutputs(
  inputs: readonly string[],
  target: { out?: string; outDir?: string },
  options: SignBatchOptions,
): SignJob[] {
  if ((target.out === undefined) === (target.outDir === undefined)) {
    throw new CnsBridgeError("BAD_USAGE", { detail: "give exactly one of --out FILE or --out-dir DIR" });
  }
  if (target.out !== undefined && inputs.length !== 1) {
    throw new CnsBridgeError("BAD_USAGE", {
      detail: "--out takes one input file; use --out-dir for several",
    });
  }
  const suffix =
    options.format === "pades" || options.cadesMode.kind !== "new"
      ? ""
      : options.cadesMode.detached
        ? ".p7s"
        : ".p7m";
  const jobs = inputs.map((input) => ({
    input,
    output: target.out ?? join(target.outDir ?? ".", basename(input) + suffix),
  }));
  for (const job of jobs) {
    if (resolve(job.input) === resolve(job.output)) {
      throw new CnsBridgeError("BAD_USAGE", { detail: `the output would overwrite ${job.input}` });
    }
  }
  if (new Set(jobs.map((job) => resolve(job.output))).size !== jobs.length) {
    throw new CnsBridgeError("BAD_USAGE", { detail: "two inputs would be written to the same output" });
  }
  return jobs;
}

/**
 * Signs every job with one signer (one login for the whole batch), one after the other, and
 * reports each outcome: a file that fails does not stop the others.
 */
export async function signBatch(
  signer: Signer,
  jobs: readonly SignJob[],
  options: SignBatchOptions,
  onProgress: (done: number, total: number, outcome: SignOutcome) => void,
): Promise<SignOutcome[]> {
  await assertSignerAllowed(signer);
  const outcomes: SignOutcome[] = [];
  for (const [index, job] of jobs.entries()) {
    let outcome: SignOutcome;
    try {
      const { sha256, warnings } = await signOne(signer, job, options, (fraction) =>
        options.onFileProgress?.(index, fraction),
      );
      outcome = { in: job.input, out: job.output, sha256, ok: true, warnings };
    } catch (error) {
      const coded = isCnsBridgeError(error) ? error : new CnsBridgeError("INTERNAL", {}, { cause: error });
      outcome = { in: job.input, out: job.output, sha256: null, ok: false, error: coded, warnings: [] };
    }
    outcomes.push(outcome);
    onProgress(outcomes.length, jobs.length, outcome);
  }
  return outcomes;
}

async function signOne(
  signer: Signer,
  job: SignJob,
  options: SignBatchOptions,
  onProgress: (fraction: number) => void,
): Promise<{ sha256: string; warnings: readonly CnsBridgeError[] }> {
  if (options.format === "cades") {
    const result = await signCadesFile({
      input: job.input,
      output: job.output,
      signer,
      mode: options.cadesMode,
      digestAlgorithm: options.digestAlgorithm,
      onProgress,
      ...(options.content === undefined ? {} : { content: options.content }),
    });
    return { sha256: result.sha256, warnings: [] };
  }
  let pdf: Uint8Array;
  try {
    pdf = new Uint8Array(await readFile(job.input));
  } catch (cause) {
    throw new CnsBridgeError("SIGN_INPUT_UNREADABLE", { path: job.input }, { cause });
  }
  const { signed, warnings } = await signPdfBytes(signer, pdf, options);
  await writeAtomically(job.output, (output) => writeAll(output, signed));
  return { sha256: createHash("sha256").update(pdf).digest("hex"), warnings };
}

/** PAdES of a PDF held in memory: checked for what forbids signing it, then signed as an incremental update. */
export async function signPdfBytes(
  signer: Signer,
  pdf: Uint8Array,
  options: Pick<SignBatchOptions, "digestAlgorithm" | "pades">,
): Promise<{ signed: Uint8Array; warnings: readonly CnsBridgeError[] }> {
  if (pdf.byteLength > MAX_PDF_SIGN_BYTES)
    throw new CnsBridgeError("PDF_MALFORMED", { detail: "file too large" });
  // Refusals (encrypted, broken xref, certified "no changes") stop here, before the key is used;
  // warnings (PDF/A conformance at risk) travel with the outcome.
  const inspection = await inspectPdfForSigning(pdf);
  const [refusal] = inspection.refusals;
  if (refusal !== undefined) throw refusal;
  const signed = await signPdf(pdf, signer, { digestAlgorithm: options.digestAlgorithm, ...options.pades });
  return { signed, warnings: inspection.warnings };
}
