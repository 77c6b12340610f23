import {
  addCountersignature,
  addParallelSignature,
  type ByteSource,
  bytesToHex,
  type CadesSignOptions,
  CnsBridgeError,
  CMS_OID,
  concatBytes,
  type ContentRange,
  createCadesEnvelope,
  derElement,
  DIGEST_ALGORITHM_OIDS,
  type DigestAlgorithm,
  encodeSignedDataEnvelope,
  equalBytes,
  type SignedDataParts,
  type Signer,
} from "@cns-bridge/shared";
import { writeAll, writeAllAt, writeAtomically } from "./atomic-output.js";
import { openInputFile, openSignedFile, type OpenedFile } from "./open-signed-file.js";
import { digestRanges, wholeSource } from "./stream-digests.js";

/** What to do with the input: sign a document, or add a signature to an existing `.p7m`. */
export type CadesSignMode =
  | { readonly kind: "new"; readonly detached: boolean }
  | { readonly kind: "parallel" }
  | { readonly kind: "countersign"; readonly signerIndex: number };

export interface SignCadesFileRequest {
  /** The document, or for "parallel"/"countersign" the existing `.p7m`/`.p7s`. */
  readonly input: string;
  readonly output: string;
  readonly signer: Signer;
  readonly mode: CadesSignMode;
  /** The document of a detached `.p7s` that gets a parallel signature. */
  readonly content?: string;
  readonly digestAlgorithm?: DigestAlgorithm;
  readonly signingTime?: Date;
  /** Share of the work done, 0 to 1, after each chunk read (for a progress bar). */
  readonly onProgress?: (fraction: number) => void;
}

export interface SignCadesFileResult {
  /** SHA-256 of the signed document (the content), lowercase hex. */
  readonly sha256: string;
}

/**
 * Signs a file of any size as CAdES-B-B with memory that does not grow with it: the content is
 * hashed in large chunks, only the digest reaches the signer, and an attached `.p7m` is written
 * as a DER envelope with precomputed lengths around the content copied chunk by chunk. A new
 * `.p7m` reads its content once (hashed and written together); adding a signature to an attached
 * `.p7m` reads it twice (hash, then copy), and a file that changes in between is refused.
 */
export async function signCadesFile(request: SignCadesFileRequest): Promise<SignCadesFileResult> {
  const digestAlgorithm = request.digestAlgorithm ?? "SHA-256";
  const options: CadesSignOptions = {
    signer: request.signer,
    digestAlgorithm,
    ...(request.signingTime === undefined ? {} : { signingTime: request.signingTime }),
  };
  if (request.mode.kind === "new" && !request.mode.detached) {
    const file = await openInputFile(request.input);
    try {
      const count = progressCounter(file.source.size, request.onProgress);
      return {
        sha256: bytesToHex(await signAttachedInOnePass(file, request, options, digestAlgorithm, count)),
      };
    } finally {
      await file.close();
    }
  }
  if (request.mode.kind === "new") {
    const file = await openInputFile(request.input);
    try {
      const ranges = wholeSource(file.source);
      const count = progressCounter(file.source.size * (request.mode.detached ? 1 : 2), request.onProgress);
      const digests = await digestRanges(file.source, ranges, [digestAlgorithm, "SHA-256"], count);
      const envelope = await createCadesEnvelope(
        required(digests, digestAlgorithm),
        options,
        request.mode.detached ? undefined : file.source.size,
      );
      const sha256 = required(digests, "SHA-256");
      await writeEnvelope(
        request.output,
        envelope,
        request.mode.detached ? undefined : { file, ranges, sha256, count },
      );
      return { sha256: bytesToHex(sha256) };
    } finally {
      await file.close();
    }
  }

  const signature = await openSignedFile(request.input);
  let detachedContent: OpenedFile | undefined;
  try {
    const { parsed } = signature;
    if (parsed.content === null && request.content === undefined)
      throw new CnsBridgeError("CMS_CONTENT_MISSING");
    if (parsed.content !== null && request.content !== undefined)
      throw new CnsBridgeError("CMS_CONTENT_UNEXPECTED");
    let contentSource: ByteSource;
    let contentRanges: () => AsyncIterable<ContentRange> | Iterable<ContentRange>;
    if (parsed.content !== null) {
      contentSource = signature.source;
      const content = parsed.content;
      contentRanges = () => content.ranges();
    } else {
      detachedContent = await openInputFile(request.content ?? "");
      contentSource = detachedContent.source;
      const whole = wholeSource(detachedContent.source);
      contentRanges = () => whole;
    }
    const contentLength = parsed.content?.length ?? contentSource.size;
    const count = progressCounter(contentLength * (parsed.content === null ? 1 : 2), request.onProgress);
    const digests = await digestRanges(contentSource, contentRanges(), [digestAlgorithm, "SHA-256"], count);
    const parts =
      request.mode.kind === "parallel"
        ? await addParallelSignature(parsed, required(digests, digestAlgorithm), options)
        : await addCountersignature(parsed, request.mode.signerIndex, options);
    const sha256 = required(digests, "SHA-256");
    const attached = parsed.content;
    const envelope = encodeSignedDataEnvelope(parts, attached?.length);
    await writeEnvelope(
      request.output,
      envelope,
      attached === null
        ? undefined
        : { file: { source: contentSource }, ranges: attached.ranges(), sha256, count },
    );
    return { sha256: bytesToHex(sha256) };
  } finally {
    await signature.close();
    await detachedContent?.close();
  }
}

/**
 * An attached `.p7m` read and hashed once: each chunk is hashed and written straight to its place
 * in the output, after room left for the envelope's prefix; once the token has signed the digest,
 * the prefix goes in front and the suffix after. The prefix's length depends on the final sizes
 * only through the DER length fields, so it is known in advance from a stand-in SignerInfo of
 * about the right size; in the rare case the real one crosses a length-field boundary, the content
 * is copied again to its right place (checked against the digest that was signed).
 */
async function signAttachedInOnePass(
  file: OpenedFile,
  request: SignCadesFileRequest,
  options: CadesSignOptions,
  digestAlgorithm: DigestAlgorithm,
  count: (chunk: Uint8Array) => Promise<void>,
): Promise<Uint8Array> {
  const size = file.source.size;
  const room = encodeSignedDataEnvelope(standInParts(request.signer, digestAlgorithm), size).prefix.length;
  let sha256: Uint8Array = new Uint8Array(0);
  await writeAtomically(request.output, async (output) => {
    let position = room;
    const digests = await digestRanges(
      file.source,
      wholeSource(file.source),
      [digestAlgorithm, "SHA-256"],
      async (chunk) => {
        await writeAllAt(output, chunk, position);
        position += chunk.length;
        await count(chunk);
      },
    );
    sha256 = required(digests, "SHA-256");
    const envelope = await createCadesEnvelope(required(digests, digestAlgorithm), options, size);
    const start = envelope.prefix.length;
    if (start !== room) {
      let at = start;
      const copied = await digestRanges(file.source, wholeSource(file.source), ["SHA-256"], async (chunk) => {
        await writeAllAt(output, chunk, at);
        at += chunk.length;
      });
      if (!equalBytes(required(copied, "SHA-256"), sha256)) {
        throw new CnsBridgeError("BAD_INPUT", { detail: "the file changed while it was being signed" });
      }
    }
    await writeAllAt(output, envelope.prefix, 0);
    await writeAllAt(output, envelope.suffix, start + size);
    await output.truncate(start + size + envelope.suffix.length);
  });
  return sha256;
}

/** SignedData parts sized like the real ones, to place the content before the signature exists. */
function standInParts(signer: Signer, digestAlgorithm: DigestAlgorithm): SignedDataParts {
  // A SignerInfo is about 300 bytes of attributes and names plus the signature and the issuer:
  // the certificate's size bounds the issuer's. Only the DER length fields depend on this.
  const body = 600 + signer.certificate.length;
  const padding = new Uint8Array(body);
  const signerInfo = derElement(
    0x30,
    concatBytes([Uint8Array.of(0x02, 0x01, 0x01), derElement(0x04, padding)]),
  );
  return {
    eContentType: CMS_OID.data,
    digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS[digestAlgorithm]],
    certificates: [signer.certificate, ...signer.chain],
    crls: [],
    signerInfos: [signerInfo],
  };
}

function required(digests: Map<DigestAlgorithm, Uint8Array>, algorithm: DigestAlgorithm): Uint8Array {
  const digest = digests.get(algorithm);
  if (digest === undefined) throw new CnsBridgeError("INTERNAL");
  return digest;
}

async function writeEnvelope(
  path: string,
  envelope: { prefix: Uint8Array; suffix: Uint8Array },
  content:
    | {
        file: { source: ByteSource };
        ranges: AsyncIterable<ContentRange> | Iterable<ContentRange>;
        sha256: Uint8Array;
        count: (chunk: Uint8Array) => Promise<void>;
      }
    | undefined,
): Promise<void> {
  await writeAtomically(path, async (output) => {
    await writeAll(output, envelope.prefix);
    if (content !== undefined) {
      const copied = await digestRanges(content.file.source, content.ranges, ["SHA-256"], async (chunk) => {
        await writeAll(output, chunk);
        await content.count(chunk);
      });
      // The signature covers what was hashed first; what was copied must be the same bytes.
      if (!equalBytes(required(copied, "SHA-256"), content.sha256)) {
        throw new CnsBridgeError("BAD_INPUT", { detail: "the file changed while it was being signed" });
      }
    }
    await writeAll(output, envelope.suffix);
  });
}

/** Turns chunks read into a share of `total` bytes of work for `onProgress`. */
function progressCounter(
  total: number,
  onProgress: ((fraction: number) => void) | undefined,
): (chunk: Uint8Array) => Promise<void> {
  let done = 0;
  return (chunk) => {
    done += chunk.length;
    onProgress?.(total === 0 ? 1 : Math.min(1, done / total));
    return Promise.resolve();
  };
}
