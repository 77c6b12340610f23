import { createHash, randomUUID } from "node:crypto";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CnsBridgeError, PROTOCOL_LIMITS, type RequestOf } from "@cns-bridge/shared";
import type { AgentService } from "../service/agent-service.js";
import { fileByteSource } from "../signing/file-byte-source.js";
import { digestRanges } from "../signing/stream-digests.js";

type StartRequest = RequestOf<"sign.start">;

/** A document that came inline in `sign.start`: held in memory, bounded by PROTOCOL_LIMITS.maxInlineBytes. */
interface InlineJob {
  readonly kind: "inline";
  readonly id: string;
  readonly request: StartRequest;
  readonly content: Buffer;
  state: "received" | "signing" | "signed";
  /** An output too large for the finish reply, served by `sign.fetch` from memory. */
  output?: Buffer;
}

interface FileJob {
  readonly kind: "file";
  readonly id: string;
  readonly request: StartRequest;
  readonly dir: string;
  readonly inputPath: string;
  readonly outputPath: string;
  readonly hash: ReturnType<typeof createHash>;
  input: FileHandle | null;
  received: number;
  nextSeq: number;
  /** Writes of one job happen one after the other, whatever the socket's concurrency. */
  writes: Promise<void>;
  state: "receiving" | "signing" | "signed";
  output?: { handle: FileHandle; size: number; chunkCount: number };
}

type Job = InlineJob | FileJob;

type FinishResult = {
  outputName: string;
  outputSize: number;
  sha256: string;
  chunkCount: number;
  data?: string;
};

/**
 * The documents of one connection on their way to and from the token. Content goes to a private
 * temp file (0600, in a 0700 dir) while it is hashed, so a 1 GiB document never sits in memory;
 * only a document sent inline (at most PROTOCOL_LIMITS.maxInlineBytes) stays in memory, and its
 * output comes back in the finish reply. Nothing is signed unless size and SHA-256 match what was
 * declared.
 */
export class SignJobs {
  readonly #jobs = new Map<string, Job>();

  constructor(private readonly service: AgentService) {}

  async start(request: StartRequest): Promise<{ jobId: string; chunkBytes: number }> {
    if (this.#jobs.size >= PROTOCOL_LIMITS.maxOpenJobsPerConnection) {
      throw new CnsBridgeError("JOB_TOO_MANY", { limit: PROTOCOL_LIMITS.maxOpenJobsPerConnection });
    }
    const id = randomUUID();
    if (request.content !== undefined) {
      this.#jobs.set(id, { kind: "inline", id, request, content: inlineContent(request), state: "received" });
      return { jobId: id, chunkBytes: PROTOCOL_LIMITS.chunkBytes };
    }
    const dir = await mkdtemp(join(tmpdir(), "cns-bridge-job-"));
    const inputPath = join(dir, "input");
    const job: FileJob = {
      kind: "file",
      id,
      request,
      dir,
      inputPath,
      outputPath: join(dir, "output"),
      hash: createHash("sha256"),
      input: await open(inputPath, "wx", 0o600),
      received: 0,
      nextSeq: 0,
      writes: Promise.resolve(),
      state: "receiving",
    };
    this.#jobs.set(id, job);
    return { jobId: id, chunkBytes: PROTOCOL_LIMITS.chunkBytes };
  }

  async chunk(jobId: string, seq: number, base64: string): Promise<{ received: number }> {
    const job = this.#get(jobId);
    // An inline job has all its content already: a chunk for it is one too many.
    if (job.kind === "inline") throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
    if (job.state !== "receiving" || job.input === null) throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
    if (seq !== job.nextSeq) throw new CnsBridgeError("JOB_OUT_OF_ORDER", { seq, expected: job.nextSeq });
    const bytes = Buffer.from(base64, "base64");
    if (job.received + bytes.byteLength > job.request.size) {
      await this.cancel(jobId);
      throw new CnsBridgeError("JOB_SIZE_MISMATCH", {
        received: job.received + bytes.byteLength,
        declared: job.request.size,
      });
    }
    job.nextSeq += 1;
    job.received += bytes.byteLength;
    job.hash.update(bytes);
    const input = job.input;
    job.writes = job.writes.then(async () => {
      await input.write(bytes);
    });
    await job.writes;
    return { received: job.received };
  }

  async finish(jobId: string): Promise<FinishResult> {
    const job = this.#get(jobId);
    if (job.kind === "inline") return this.#finishInline(job);
    if (job.state !== "receiving" || job.input === null) throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
    await job.writes;
    await job.input.close();
    job.input = null;
    if (job.received !== job.request.size) {
      await this.cancel(jobId);
      throw new CnsBridgeError("JOB_SIZE_MISMATCH", { received: job.received, declared: job.request.size });
    }
    if (job.hash.digest("hex") !== job.request.sha256) {
      await this.cancel(jobId);
      throw new CnsBridgeError("JOB_HASH_MISMATCH");
    }
    job.state = "signing";
    try {
      const { outputName } = await this.service.signFile({
        token: job.request.token,
        format: job.request.format,
        detached: job.request.detached,
        digestAlgorithm: job.request.digestAlgorithm,
        certificate: job.request.certificate,
        inputPath: job.inputPath,
        outputPath: job.outputPath,
        fileName: job.request.fileName,
      });
      const handle = await open(job.outputPath, "r");
      const size = (await handle.stat()).size;
      const sha256 = await sha256OfFile(handle, size).catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      const chunkCount = Math.max(1, Math.ceil(size / PROTOCOL_LIMITS.chunkBytes));
      job.output = { handle, size, chunkCount };
      job.state = "signed";
      return { outputName, outputSize: size, sha256, chunkCount };
    } catch (error) {
      await this.cancel(jobId);
      throw error;
    }
  }

  async #finishInline(job: InlineJob): Promise<FinishResult> {
    if (job.state !== "received") throw new CnsBridgeError("JOB_NOT_FOUND", { jobId: job.id });
    job.state = "signing";
    try {
      const { outputName, output } = await this.service.signBytes({
        token: job.request.token,
        format: job.request.format,
        detached: job.request.detached,
        digestAlgorithm: job.request.digestAlgorithm,
        certificate: job.request.certificate,
        fileName: job.request.fileName,
        content: job.content,
      });
      const bytes = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (bytes.byteLength <= PROTOCOL_LIMITS.chunkBytes) {
        this.#jobs.delete(job.id);
        return {
          outputName,
          outputSize: bytes.byteLength,
          sha256,
          chunkCount: 0,
          data: bytes.toString("base64"),
        };
      }
      job.output = bytes;
      job.state = "signed";
      const chunkCount = Math.ceil(bytes.byteLength / PROTOCOL_LIMITS.chunkBytes);
      return { outputName, outputSize: bytes.byteLength, sha256, chunkCount };
    } catch (error) {
      this.#jobs.delete(job.id);
      throw error;
    }
  }

  async fetch(jobId: string, index: number): Promise<{ index: number; data: string; last: boolean }> {
    const job = this.#get(jobId);
    if (job.kind === "inline") return this.#fetchInline(job, index);
    if (job.state !== "signed" || job.output === undefined)
      throw new CnsBridgeError("JOB_NOT_FINISHED", { jobId });
    const { handle, size, chunkCount } = job.output;
    if (index >= chunkCount)
      throw new CnsBridgeError("BAD_INPUT", { detail: `index ${index} >= ${chunkCount}` });
    const start = index * PROTOCOL_LIMITS.chunkBytes;
    const length = Math.min(PROTOCOL_LIMITS.chunkBytes, size - start);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start);
    const last = index === chunkCount - 1;
    if (last) await this.cancel(jobId);
    return { index, data: buffer.toString("base64"), last };
  }

  #fetchInline(job: InlineJob, index: number): { index: number; data: string; last: boolean } {
    if (job.state !== "signed" || job.output === undefined)
      throw new CnsBridgeError("JOB_NOT_FINISHED", { jobId: job.id });
    const chunkCount = Math.ceil(job.output.byteLength / PROTOCOL_LIMITS.chunkBytes);
    if (index >= chunkCount)
      throw new CnsBridgeError("BAD_INPUT", { detail: `index ${index} >= ${chunkCount}` });
    const start = index * PROTOCOL_LIMITS.chunkBytes;
    const data = job.output.subarray(start, start + PROTOCOL_LIMITS.chunkBytes).toString("base64");
    const last = index === chunkCount - 1;
    if (last) this.#jobs.delete(job.id);
    return { index, data, last };
  }

  async cancel(jobId: string): Promise<void> {
    const job = this.#jobs.get(jobId);
    if (job === undefined) throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
    this.#jobs.delete(jobId);
    if (job.kind === "inline") return;
    await job.writes.catch(() => undefined);
    await job.input?.close().catch(() => undefined);
    await job.output?.handle.close().catch(() => undefined);
    await rm(job.dir, { recursive: true, force: true });
  }

  /** Drops every job of a closed connection. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#jobs.keys()].map((id) => this.cancel(id).catch(() => undefined)));
  }

  get openCount(): number {
    return this.#jobs.size;
  }

  #get(jobId: string): Job {
    const job = this.#jobs.get(jobId);
    if (job === undefined) throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
    return job;
  }
}

/** The inline content of a start request, refused at once unless it is what was declared. */
function inlineContent(request: StartRequest): Buffer {
  const content = Buffer.from(request.content ?? "", "base64");
  if (content.byteLength !== request.size || content.byteLength > PROTOCOL_LIMITS.maxInlineBytes) {
    throw new CnsBridgeError("JOB_SIZE_MISMATCH", { received: content.byteLength, declared: request.size });
  }
  if (createHash("sha256").update(content).digest("hex") !== request.sha256) {
    throw new CnsBridgeError("JOB_HASH_MISMATCH");
  }
  return content;
}

async function sha256OfFile(handle: FileHandle, size: number): Promise<string> {
  const source = await fileByteSource(handle);
  const digests = await digestRanges(source, [{ offset: 0, length: size }], ["SHA-256"]);
  return Buffer.from(digests.get("SHA-256") ?? []).toString("hex");
}
