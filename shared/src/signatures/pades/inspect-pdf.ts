import { CnsBridgeError, isCnsBridgeError } from "../../errors/index.js";
import { asArray, asDict, asInteger, asRef, isName, type PdfDict } from "./pdf-objects.js";
import { PdfFile } from "./pdf-file.js";
import { decodeStream } from "./stream-filters.js";

export interface PdfSigningInspection {
  /** Reasons the PDF must not be signed (PDF_MALFORMED, PDF_XREF_MALFORMED, PDF_ENCRYPTED, PDF_CERTIFIED_NO_CHANGES). */
  readonly refusals: readonly CnsBridgeError[];
  /** Signing is possible, but the user should know (PDF_A_CONFORMANCE_AT_RISK). */
  readonly warnings: readonly CnsBridgeError[];
}

/** The PDF opened for signing with what it declares, or the refusal that stops it. */
export interface OpenedPdf {
  readonly file: PdfFile;
  readonly catalog: PdfDict;
  readonly warnings: readonly CnsBridgeError[];
}

/**
 * The /P of a certification signature (ISO 32000-1 §12.8.2.2): 1 forbids any change, so a
 * new signature would break the author's certification.
 */
async function docMdpPermission(file: PdfFile, catalog: PdfDict): Promise<number | undefined> {
  const perms = asDict(await file.resolve(catalog.get("Perms")));
  const signature = asDict(await file.resolve(perms?.get("DocMDP")));
  for (const reference of asArray(await file.resolve(signature?.get("Reference"))) ?? []) {
    const dict = asDict(await file.resolve(reference));
    if (!isName(dict?.get("TransformMethod"), "DocMDP")) continue;
    const params = asDict(await file.resolve(dict?.get("TransformParams")));
    return asInteger(await file.resolve(params?.get("P")), 3) ?? 2;
  }
  return undefined;
}

/** Checks, without signing, whether a signature can be appended to this PDF safely. */
export async function inspectPdfForSigning(pdfBytes: Uint8Array): Promise<PdfSigningInspection> {
  try {
    const opened = await openPdfForSigning(pdfBytes);
    return { refusals: [], warnings: opened.warnings };
  } catch (error) {
    if (isCnsBridgeError(error)) return { refusals: [error], warnings: [] };
    return {
      refusals: [new CnsBridgeError("PDF_MALFORMED", { detail: "unreadable" }, { cause: error })],
      warnings: [],
    };
  }
}

/** Opens the PDF or throws the refusal: not a PDF, unusable cross-references, encryption, certified with no changes allowed. */
export async function openPdfForSigning(pdfBytes: Uint8Array): Promise<OpenedPdf> {
  if (!startsWithPdfHeader(pdfBytes))
    throw new CnsBridgeError("PDF_MALFORMED", { detail: "no %PDF- header" });
  const file = await PdfFile.open(pdfBytes);
  if (file.trailer.get("Encrypt") !== undefined) throw new CnsBridgeError("PDF_ENCRYPTED");
  let catalog: PdfDict | undefined;
  try {
    catalog = asDict(await file.resolve(file.trailer.get("Root")));
  } catch (error) {
    throw new CnsBridgeError(
      "PDF_XREF_MALFORMED",
      { detail: "the catalog cannot be read" },
      { cause: error },
    );
  }
  if (catalog === undefined) throw new CnsBridgeError("PDF_XREF_MALFORMED", { detail: "no catalog (/Root)" });
  if ((await docMdpPermission(file, catalog)) === 1) throw new CnsBridgeError("PDF_CERTIFIED_NO_CHANGES");
  const part = await pdfAPart(file, catalog);
  const warnings =
    part === undefined ? [] : [new CnsBridgeError("PDF_A_CONFORMANCE_AT_RISK", { part: `PDF/A-${part}` })];
  return { file, catalog, warnings };
}

function startsWithPdfHeader(bytes: Uint8Array): boolean {
  // §7.5.2 allows junk before the header in practice; readers look in the first kilobyte.
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

const PDFA_PART = /pdfaid:part\s*(?:=\s*["'](\d)["']|>\s*(\d)\s*<)/;

/** The PDF/A part the XMP metadata declares, if any (ISO 19005: `pdfaid:part`). */
async function pdfAPart(file: PdfFile, catalog: PdfDict): Promise<string | undefined> {
  const metadataRef = asRef(catalog.get("Metadata"));
  if (metadataRef === undefined) return undefined;
  try {
    const object = await file.getObject(metadataRef.objectNumber);
    if (object.stream === undefined) return undefined;
    const xmp = new TextDecoder().decode(await decodeStream(object.stream));
    const match = PDFA_PART.exec(xmp);
    return match?.[1] ?? match?.[2];
  } catch {
    // Unreadable metadata says nothing about PDF/A; signing does not depend on it.
    return undefined;
  }
}
