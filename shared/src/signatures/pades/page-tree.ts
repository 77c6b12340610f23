import { CnsBridgeError } from "../../errors/index.js";
import { asArray, asDict, asRef, isName, type PdfDict, type PdfRef } from "./pdf-objects.js";
import type { PdfFile } from "./pdf-file.js";

export interface PdfPage {
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  /** /MediaBox, inherited from the tree when the page has none (§7.7.3.4). */
  readonly mediaBox: readonly number[] | undefined;
}

const MAX_PAGES = 100_000;
const MAX_DEPTH = 64;

/** The pages in document order, walking /Kids with loop and size limits. */
export async function listPages(file: PdfFile, catalog: PdfDict): Promise<PdfPage[]> {
  const pages: PdfPage[] = [];
  const visited = new Set<number>();
  const rootRef = asRef(catalog.get("Pages"));
  if (rootRef === undefined) throw new CnsBridgeError("PDF_MALFORMED", { detail: "catalog without /Pages" });

  const walk = async (
    ref: PdfRef,
    inheritedBox: readonly number[] | undefined,
    depth: number,
  ): Promise<void> => {
    if (depth > MAX_DEPTH || visited.has(ref.objectNumber))
      throw new CnsBridgeError("PDF_MALFORMED", { detail: "page tree loops" });
    visited.add(ref.objectNumber);
    const node = asDict(await file.resolve(ref));
    if (node === undefined)
      throw new CnsBridgeError("PDF_MALFORMED", { detail: `page tree node ${ref.objectNumber} missing` });
    const ownBox = asArray(await file.resolve(node.get("MediaBox")));
    const box = ownBox?.every((v) => typeof v === "number") === true ? (ownBox as number[]) : inheritedBox;
    if (isName(node.get("Type"), "Page") || node.get("Kids") === undefined) {
      if (pages.length >= MAX_PAGES) throw new CnsBridgeError("PDF_MALFORMED", { detail: "too many pages" });
      pages.push({ ref, dict: node, mediaBox: box });
      return;
    }
    const kids = asArray(await file.resolve(node.get("Kids"))) ?? [];
    for (const kid of kids) {
      const kidRef = asRef(kid);
      if (kidRef === undefined)
        throw new CnsBridgeError("PDF_MALFORMED", { detail: "page tree kid is not a reference" });
      await walk(kidRef, box, depth + 1);
    }
  };
  await walk(rootRef, undefined, 0);
  if (pages.length === 0) throw new CnsBridgeError("PDF_MALFORMED", { detail: "the document has no pages" });
  return pages;
}
