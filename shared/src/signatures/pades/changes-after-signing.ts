import { asArray, asDict, isName, PdfDict, PdfRef, type PdfValue } from "./pdf-objects.js";
import type { PdfFile } from "./pdf-file.js";
import { serializeValue } from "./pdf-serialize.js";

/**
 * What a revision appended after a signature may change without invalidating it (ETSI EN
 * 319 142-1 §5.4 and the usual DocMDP "form filling and signing" rules): add new objects,
 * add signature fields and their widgets to /Fields and a page's /Annots, set /SigFlags,
 * add /DSS and /Extensions to the catalog, fill an empty signature field's /V. Anything else
 * (page content, resources, the page tree, a free entry) is a modification after signing:
 * the basics of shadow attacks that hide or replace signed content.
 */
const CATALOG_KEYS = new Set(["AcroForm", "DSS", "Extensions", "Perms"]);
const FORM_KEYS = new Set(["Fields", "SigFlags", "DR", "DA"]);
const PAGE_KEYS = new Set(["Annots"]);
const SIG_FIELD_KEYS = new Set(["V", "AP", "F"]);

/** Descriptions of disallowed changes made by the revisions newer than `sections[signedIndex]`. */
export async function changesAfterSigning(file: PdfFile, signedIndex: number): Promise<string[]> {
  const problems: string[] = [];
  let signedReferences: Set<number> | undefined;
  for (let index = signedIndex - 1; index >= 0; index--) {
    const section = file.sections[index];
    if (section === undefined) continue;
    const after = file.atSection(index);
    const before = file.atSection(index + 1);
    for (const [objectNumber, entry] of section.entries) {
      const revision = `revision ${file.sections.length - index}`;
      const old = before.entry(objectNumber);
      const existed = old !== undefined && old.kind !== "free";
      if (entry.kind === "free") {
        if (existed) problems.push(`${revision} deletes object ${objectNumber}`);
        continue;
      }
      if (!existed) {
        // A reference the signed revision made to an undefined object resolved to null when it
        // was signed; defining that object later slips new content under the signature.
        signedReferences ??= await referencedObjects(file.atSection(signedIndex));
        if (signedReferences.has(objectNumber))
          problems.push(`${revision} defines object ${objectNumber}, referenced but undefined when signed`);
        continue;
      }
      const oldObject = await before.getObject(objectNumber);
      const newObject = await after.getObject(objectNumber);
      if (oldObject.stream !== undefined && isName(asDict(oldObject.value)?.get("Type"), "XRef")) continue;
      if (oldObject.stream !== undefined && isName(asDict(oldObject.value)?.get("Type"), "ObjStm")) {
        // Rewriting an object stream silently changes every member still listed as inside it.
        problems.push(...(await changedMembers(before, after, objectNumber, revision)));
        continue;
      }
      if (
        await isAllowedChange(
          after,
          oldObject.value,
          newObject.value,
          oldObject.stream !== undefined || newObject.stream !== undefined,
        )
      )
        continue;
      problems.push(`${revision} changes object ${objectNumber}`);
    }
  }
  return problems;
}

/** Members of object stream `streamObject` (as the earlier revision lists them) whose value changed. */
async function changedMembers(
  before: PdfFile,
  after: PdfFile,
  streamObject: number,
  revision: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const objectNumber of before.objectNumbers()) {
    const entry = after.entry(objectNumber);
    if (
      before.entry(objectNumber)?.kind !== "compressed" ||
      entry?.kind !== "compressed" ||
      entry.streamObject !== streamObject
    )
      continue;
    const oldValue = (await before.getObject(objectNumber)).value;
    const newValue = (await after.getObject(objectNumber)).value;
    if (!(await isAllowedChange(after, oldValue, newValue, false))) {
      problems.push(`${revision} changes object ${objectNumber} by rewriting object stream ${streamObject}`);
    }
  }
  return problems;
}

async function isAllowedChange(
  after: PdfFile,
  oldValue: PdfValue,
  newValue: PdfValue,
  isStream: boolean,
): Promise<boolean> {
  if (isStream) return false;
  if (serializeValue(oldValue) === serializeValue(newValue)) return true;
  if (Array.isArray(oldValue) && Array.isArray(newValue))
    return appendsOnlySignatureFields(after, oldValue, newValue);
  const oldDict = asDict(oldValue);
  const newDict = asDict(newValue);
  if (oldDict === undefined || newDict === undefined) return false;
  const type = oldDict.get("Type");
  if (isName(type, "Catalog"))
    return (
      onlyKeysDiffer(oldDict, newDict, CATALOG_KEYS) &&
      (await formChangeAllowed(after, oldDict.get("AcroForm"), newDict.get("AcroForm")))
    );
  if (isName(type, "Page")) {
    if (!onlyKeysDiffer(oldDict, newDict, PAGE_KEYS)) return false;
    const oldAnnots = asArray(oldDict.get("Annots"));
    const newAnnots = asArray(newDict.get("Annots"));
    // An indirect /Annots stays indirect: its own object is checked as an array.
    if (oldAnnots === undefined && newAnnots === undefined)
      return serializeValue(oldDict.get("Annots") ?? null) === serializeValue(newDict.get("Annots") ?? null);
    return appendsOnlySignatureFields(after, oldAnnots ?? [], newAnnots ?? []);
  }
  if (isName(oldDict.get("FT"), "Sig"))
    return oldDict.get("V") === undefined && onlyKeysDiffer(oldDict, newDict, SIG_FIELD_KEYS);
  if (oldDict.get("Fields") !== undefined || oldDict.get("SigFlags") !== undefined)
    return formChangeAllowed(after, oldDict, newDict);
  return false;
}

async function formChangeAllowed(
  after: PdfFile,
  oldForm: PdfValue | undefined,
  newForm: PdfValue | undefined,
): Promise<boolean> {
  const oldDict = asDict(oldForm);
  const newDict = asDict(newForm);
  // Indirect forms (or a form added where there was none) are checked as objects of their own.
  if (oldDict === undefined || newDict === undefined) return oldDict === undefined || newDict !== undefined;
  if (!onlyKeysDiffer(oldDict, newDict, FORM_KEYS)) return false;
  const oldFields = asArray(oldDict.get("Fields"));
  const newFields = asArray(newDict.get("Fields"));
  if (newFields === undefined)
    return serializeValue(oldDict.get("Fields") ?? null) === serializeValue(newDict.get("Fields") ?? null);
  return appendsOnlySignatureFields(after, oldFields ?? [], newFields);
}

function onlyKeysDiffer(oldDict: PdfDict, newDict: PdfDict, allowed: ReadonlySet<string>): boolean {
  const keys = new Set([...oldDict.entries.keys(), ...newDict.entries.keys()]);
  for (const key of keys) {
    if (allowed.has(key)) continue;
    const oldValue = oldDict.get(key);
    const newValue = newDict.get(key);
    if (
      oldValue === undefined ||
      newValue === undefined ||
      serializeValue(oldValue) !== serializeValue(newValue)
    )
      return false;
  }
  return true;
}

/** The new array keeps the old one as a prefix and adds only signature fields / widgets. */
async function appendsOnlySignatureFields(
  after: PdfFile,
  oldItems: readonly PdfValue[],
  newItems: readonly PdfValue[],
): Promise<boolean> {
  if (newItems.length < oldItems.length) return false;
  for (let i = 0; i < oldItems.length; i++) {
    if (serializeValue(oldItems[i] ?? null) !== serializeValue(newItems[i] ?? null)) return false;
  }
  for (const added of newItems.slice(oldItems.length)) {
    const dict = asDict(await after.resolve(added));
    if (dict === undefined || !isName(dict.get("FT"), "Sig")) return false;
  }
  return true;
}

/** Every object number some object of `file` refers to (stream dictionaries included). */
async function referencedObjects(file: PdfFile): Promise<Set<number>> {
  const found = new Set<number>();
  const visit = (value: PdfValue | undefined, depth: number): void => {
    if (value instanceof PdfRef) found.add(value.objectNumber);
    else if (Array.isArray(value) && depth < 64) for (const item of value) visit(item, depth + 1);
    else if (value instanceof PdfDict && depth < 64)
      for (const item of value.entries.values()) visit(item, depth + 1);
  };
  for (const objectNumber of file.objectNumbers()) {
    try {
      visit((await file.getObject(objectNumber)).value, 0);
    } catch {
      // An unreadable object refers to nothing we could follow; the digest covers its bytes anyway.
    }
  }
  return found;
}
