import { CnsBridgeError } from "@cns-bridge/shared";
import type { ConsentRequester } from "../dialogs/dialog-requests.js";
import type { CnsContext } from "./cns-context.js";
import { ensureLoggedIn } from "./pin-flow.js";
import { requireToken } from "./require-token.js";

export interface RelayFile {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * Signing of files of any size for the extension's own pages ("Firma documenti", and the route
 * wizard's documents for the request portal): the page streams
 * each file in chunks and the background relays them to the agent, but only for jobs it opened
 * itself after the holder's consent and PIN.
 */
export class SignRelay {
  readonly #jobs = new Set<string>();

  constructor(private readonly context: CnsContext) {}

  async begin(
    format: "cades" | "pades",
    files: readonly RelayFile[],
    requester?: ConsentRequester,
  ): Promise<{ jobId: string; chunkBytes: number }[]> {
    requireToken(this.context.connection.status);
    await this.context.dialogs.ask({
      kind: "consent",
      origin: "extension",
      format,
      files: [...files],
      ...(requester === undefined ? {} : { requester }),
    });
    const token = await ensureLoggedIn(this.context, "extension", "sign");
    const jobs: { jobId: string; chunkBytes: number }[] = [];
    for (const file of files) {
      const start = await this.context.connection.request("sign.start", {
        token: token.serial,
        format,
        detached: false,
        digestAlgorithm: "SHA-256",
        certificate: "signature",
        fileName: file.name,
        size: file.size,
        sha256: file.sha256,
      });
      this.#jobs.add(start.jobId);
      jobs.push({ jobId: start.jobId, chunkBytes: start.chunkBytes });
    }
    return jobs;
  }

  async chunk(jobId: string, seq: number, data: string): Promise<number> {
    this.#check(jobId);
    return (await this.context.connection.request("sign.chunk", { jobId, seq, data })).received;
  }

  async finish(jobId: string) {
    this.#check(jobId);
    const { outputName, outputSize, sha256, chunkCount } = await this.context.connection.request(
      "sign.finish",
      { jobId },
      10 * 60 * 1000,
    );
    return { outputName, outputSize, sha256, chunkCount };
  }

  async fetch(jobId: string, index: number) {
    this.#check(jobId);
    const { data, last } = await this.context.connection.request("sign.fetch", { jobId, index });
    if (last) this.#jobs.delete(jobId);
    return { data, last };
  }

  #check(jobId: string): void {
    if (!this.#jobs.has(jobId)) throw new CnsBridgeError("JOB_NOT_FOUND", { jobId });
  }
}
