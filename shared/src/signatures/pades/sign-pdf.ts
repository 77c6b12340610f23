import { parseCnsCertificate } from "../../cns/index.js";
import { CnsBridgeError } from "../../errors/index.js";
import type { DigestAlgorithm, Signer } from "../signer.js";
import { addSignatureField, freeFieldName } from "./form-update.js";
import { writeIncrementalUpdate, type NewObject } from "./incremental-update.js";
import { openPdfForSigning } from "./inspect-pdf.js";
import { listPages } from "./page-tree.js";
import { buildPadesCms, maxPadesCmsBytes } from "./pades-cms.js";
import { formatPdfDate } from "./pdf-date.js";
import { asRef, PdfDict, PdfName, PdfRef, type PdfValue } from "./pdf-objects.js";
import { bytesToHex, latin1Bytes, serializeValue, textString } from "./pdf-serialize.js";
import { appearanceRect, buildAppearanceStream } from "./signature-appearance.js";

export interface SignPdfOptions {
  readonly digestAlgorithm?: DigestAlgorithm;
  /** The claimed signing time written in /M (PAdES keeps it out of the CMS); defaults to now. */
  readonly signingTime?: Date;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** A visible box on `page` (1-based), `rect` = [x, y, width, height] in points; invisible when absent. */
  readonly appearance?:
    { readonly page: number; readonly rect: readonly [number, number, number, number] } | undefined;
}

/** Bytes reserved above the computed CMS size, in case a signer's encoding differs slightly. */
const PLACEHOLDER_SLACK_BYTES = 32;
const BYTE_RANGE_PLACEHOLDER = "[0 0000000000 0000000000 0000000000]";

/**
 * Signs a PDF as PAdES-B-B (ETSI EN 319 142-1): appends one revision holding a signature
 * field, its widget, and a signature dictionary whose CMS covers every byte of the output
 * except the /Contents hex string. The input is a byte-exact prefix of the output, so
 * earlier signatures stay valid.
 */
export async function signPdf(
  pdfBytes: Uint8Array,
  signer: Signer,
  options: SignPdfOptions = {},
): Promise<Uint8Array> {
  const digestAlgorithm = options.digestAlgorithm ?? "SHA-256";
  return signPdfWithCms(pdfBytes, signer, options, {
    maxBytes: () => maxPadesCmsBytes(signer, digestAlgorithm),
    build: (contentDigest) => buildPadesCms({ contentDigest, digestAlgorithm, signer }),
  });
}

/** How the CMS of a PDF signature is made: its largest size, and the CMS over a digest. */
export interface PadesCmsMaker {
  maxBytes(): Promise<number>;
  build(contentDigest: Uint8Array): Promise<Uint8Array>;
}

/**
 * `signPdf` with the CMS left to `cms`: the seam the tests use to put forged CMS structures
 * (a signing-time, two signers) into otherwise correct PDFs.
 */
export async function signPdfWithCms(
  pdfBytes: Uint8Array,
  signer: Signer,
  options: SignPdfOptions,
  cms: PadesCmsMaker,
): Promise<Uint8Array> {
  const digestAlgorithm = options.digestAlgorithm ?? "SHA-256";
  const signingTime = options.signingTime ?? new Date();
  const { file, catalog } = await openPdfForSigning(pdfBytes);
  const catalogRef = asRef(file.trailer.get("Root"));
  const previous = file.sections[0];
  if (catalogRef === undefined || previous === undefined)
    throw new CnsBridgeError("PDF_XREF_MALFORMED", { detail: "/Root is not a reference" });

  const pages = await listPages(file, catalog);
  const pageNumber = options.appearance?.page ?? 1;
  const page = pages[pageNumber - 1];
  if (!Number.isInteger(pageNumber) || page === undefined) {
    throw new CnsBridgeError("PDF_PAGE_OUT_OF_RANGE", { page: pageNumber, pages: pages.length });
  }

  let nextNumber = file.size;
  const allocate = (): PdfRef => new PdfRef(nextNumber++, 0);
  const sigRef = allocate();
  const widgetRef = allocate();
  const appearanceRef = allocate();

  const rect =
    options.appearance === undefined ? [0, 0, 0, 0] : appearanceRect(options.appearance.rect, page.mediaBox);
  const width = (rect[2] ?? 0) - (rect[0] ?? 0);
  const height = (rect[3] ?? 0) - (rect[1] ?? 0);
  const appearanceText = options.appearance === undefined ? undefined : await signerText(signer, signingTime);

  const widget = new PdfDict([
    ["Type", new PdfName("Annot")],
    ["Subtype", new PdfName("Widget")],
    ["FT", new PdfName("Sig")],
    ["T", await freeFieldName(file, catalog)],
    ["V", sigRef],
    // Print | Locked: shown when printed, not movable by viewers.
    ["F", 132],
    ["Rect", rect],
    ["P", page.ref],
    ["AP", new PdfDict([["N", appearanceRef]])],
  ]);
  const changes = await addSignatureField(file, catalogRef, catalog, page, widgetRef, allocate);
  const placeholderBytes = (await cms.maxBytes()) + PLACEHOLDER_SLACK_BYTES;
  const signatureDict = signatureDictionaryText(signingTime, options, placeholderBytes);

  const objects: NewObject[] = [
    { objectNumber: sigRef.objectNumber, generation: 0, body: latin1Bytes(signatureDict) },
    { objectNumber: widgetRef.objectNumber, generation: 0, body: serialized(widget) },
    {
      objectNumber: appearanceRef.objectNumber,
      generation: 0,
      body: buildAppearanceStream(width, height, appearanceText),
    },
    ...changes.map((change) => ({
      objectNumber: change.ref.objectNumber,
      generation: change.ref.generation,
      body: serialized(change.value),
    })),
  ];
  const update = writeIncrementalUpdate(pdfBytes, previous, nextNumber, objects);
  const output = new Uint8Array(pdfBytes.length + update.appended.length);
  output.set(pdfBytes, 0);
  output.set(update.appended, pdfBytes.length);

  const sigOffset = update.objectOffsets.get(sigRef.objectNumber) ?? 0;
  const bodyStart = sigOffset + `${sigRef.objectNumber} 0 obj\n`.length;
  const byteRangeAt = bodyStart + signatureDict.indexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsStart = bodyStart + signatureDict.indexOf("/Contents <") + "/Contents ".length;
  const contentsEnd = contentsStart + 2 * placeholderBytes + 2;
  const byteRange = [0, contentsStart, contentsEnd, output.length - contentsEnd];
  output.set(latin1Bytes(`[${byteRange.join(" ")}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, " ")), byteRangeAt);

  const signedBytes = new Uint8Array(contentsStart + (output.length - contentsEnd));
  signedBytes.set(output.subarray(0, contentsStart), 0);
  signedBytes.set(output.subarray(contentsEnd), contentsStart);
  const contentDigest = new Uint8Array(await globalThis.crypto.subtle.digest(digestAlgorithm, signedBytes));
  const signature = await cms.build(contentDigest);
  if (signature.length > placeholderBytes)
    throw new CnsBridgeError("PDF_SIGNATURE_TOO_LARGE", {
      size: signature.length,
      reserved: placeholderBytes,
    });
  output.set(latin1Bytes(bytesToHex(signature)), contentsStart + 1);
  return output;
}

function serialized(value: PdfValue): Uint8Array {
  return latin1Bytes(serializeValue(value));
}

/** Text of the signature dictionary with a fixed-width /ByteRange and a zero-filled /Contents. */
function signatureDictionaryText(
  signingTime: Date,
  options: SignPdfOptions,
  placeholderBytes: number,
): string {
  const dict = new PdfDict([
    ["Type", new PdfName("Sig")],
    ["Filter", new PdfName("Adobe.PPKLite")],
    ["SubFilter", new PdfName("ETSI.CAdES.detached")],
    ["M", textString(formatPdfDate(signingTime))],
  ]);
  if (options.reason !== undefined) dict.set("Reason", textString(options.reason));
  if (options.location !== undefined) dict.set("Location", textString(options.location));
  if (options.contactInfo !== undefined) dict.set("ContactInfo", textString(options.contactInfo));
  const head = serializeValue(dict).slice(0, -2);
  return `${head} /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${"0".repeat(2 * placeholderBytes)}>>>`;
}

async function signerText(
  signer: Signer,
  date: Date,
): Promise<{ name: string; codiceFiscale: string | null; date: Date }> {
  const certificate = await parseCnsCertificate(signer.certificate, { now: date });
  const { givenName, surname, commonName, codiceFiscale } = certificate.holder;
  const name = givenName !== null && surname !== null ? `${givenName} ${surname}` : (commonName ?? "");
  return { name, codiceFiscale, date };
}
