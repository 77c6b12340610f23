import { asArray, asDict, asRef, isName, type PdfDict, PdfRef, PdfString } from "./pdf-objects.js";
import type { PdfFile } from "./pdf-file.js";

export interface SignatureField {
  readonly fieldName: string;
  /** The signature dictionary's reference (/V), when indirect as ISO 32000 requires. */
  readonly valueRef: PdfRef | undefined;
  readonly dict: PdfDict;
}

const MAX_FIELDS = 10_000;
const MAX_DEPTH = 32;

/** Every signed signature field reachable from the AcroForm, in /Fields order (§12.7.4.5). */
export async function findSignatureFields(file: PdfFile, catalog: PdfDict): Promise<SignatureField[]> {
  const form = asDict(await file.resolve(catalog.get("AcroForm")));
  const found: SignatureField[] = [];
  const visited = new Set<number>();
  let seen = 0;

  const walk = async (
    fieldValue: unknown,
    parentName: string,
    inheritedType: unknown,
    depth: number,
  ): Promise<void> => {
    if (depth > MAX_DEPTH || ++seen > MAX_FIELDS) return;
    const ref = fieldValue instanceof PdfRef ? fieldValue : undefined;
    if (ref !== undefined) {
      if (visited.has(ref.objectNumber)) return;
      visited.add(ref.objectNumber);
    }
    const field = asDict(await file.resolve(fieldValue as PdfRef));
    if (field === undefined) return;
    const partial = field.get("T");
    const ownName = partial instanceof PdfString ? decodeText(partial) : "";
    const name = parentName === "" ? ownName : ownName === "" ? parentName : `${parentName}.${ownName}`;
    const type = field.get("FT") ?? inheritedType;
    const kids = asArray(await file.resolve(field.get("Kids")));
    if (kids !== undefined) {
      for (const kid of kids) await walk(kid, name, type, depth + 1);
    }
    const value = field.get("V");
    const dict = asDict(await file.resolve(value));
    if (isName(type as never, "Sig") && dict !== undefined)
      found.push({ fieldName: name, valueRef: asRef(value), dict });
  };

  for (const field of asArray(await file.resolve(form?.get("Fields"))) ?? [])
    await walk(field, "", undefined, 0);
  return found;
}

/** PDF text string to JS string: UTF-16BE with BOM, or PDFDocEncoding read as Latin-1. */
export function decodeText(value: PdfString): string {
  const bytes = value.bytes;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = "";
    for (let i = 2; i + 1 < bytes.length; i += 2)
      text += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
    return text;
  }
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
