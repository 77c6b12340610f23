import { CnsBridgeError } from "../../errors/index.js";
import type { PdfRef } from "./pdf-objects.js";
import { asArray, asDict, asInteger, asRef, PdfDict, PdfString, type PdfValue } from "./pdf-objects.js";
import type { PdfFile } from "./pdf-file.js";
import type { PdfPage } from "./page-tree.js";
import { decodeText } from "./signature-fields.js";

/** An existing object rewritten in the new revision, or a new one. */
export interface ChangedObject {
  readonly ref: PdfRef;
  readonly value: PdfValue;
}

/**
 * The objects to rewrite so a new signature field is reachable: the page's /Annots gets the
 * widget, the AcroForm's /Fields gets the field and /SigFlags becomes 3 (SignaturesExist |
 * AppendOnly, §12.7.2). Whatever was indirect stays indirect, so only the smallest set of
 * objects changes and other fields, annotations and signatures are untouched.
 */
export async function addSignatureField(
  file: PdfFile,
  catalogRef: PdfRef,
  catalog: PdfDict,
  page: PdfPage,
  widget: PdfRef,
  allocate: () => PdfRef,
): Promise<ChangedObject[]> {
  const changes: ChangedObject[] = [];

  const annotsValue = page.dict.get("Annots");
  const annotsRef = asRef(annotsValue);
  const annots = asArray(await file.resolve(annotsValue)) ?? [];
  if (annotsRef !== undefined) changes.push({ ref: annotsRef, value: [...annots, widget] });
  else changes.push({ ref: page.ref, value: page.dict.copy().set("Annots", [...annots, widget]) });

  const formValue = catalog.get("AcroForm");
  const formRef = asRef(formValue);
  const form = asDict(await file.resolve(formValue))?.copy() ?? new PdfDict();
  const fieldsValue = form.get("Fields");
  const fieldsRef = asRef(fieldsValue);
  const fields = asArray(await file.resolve(fieldsValue)) ?? [];
  if (fieldsRef !== undefined) changes.push({ ref: fieldsRef, value: [...fields, widget] });
  else form.set("Fields", [...fields, widget]);
  form.set("SigFlags", (asInteger(await file.resolve(form.get("SigFlags")), 0xffff) ?? 0) | 3);

  if (formRef !== undefined) changes.push({ ref: formRef, value: form });
  else if (formValue instanceof PdfDict)
    changes.push({ ref: catalogRef, value: catalog.copy().set("AcroForm", form) });
  else {
    const newForm = allocate();
    changes.push({ ref: newForm, value: form });
    changes.push({ ref: catalogRef, value: catalog.copy().set("AcroForm", newForm) });
  }
  if (new Set(changes.map((c) => c.ref.objectNumber)).size !== changes.length) {
    throw new CnsBridgeError("PDF_MALFORMED", { detail: "the form and the page share objects" });
  }
  return changes;
}

/** A field name not used by the top-level fields yet: Signature1, Signature2, ... */
export async function freeFieldName(file: PdfFile, catalog: PdfDict): Promise<PdfString> {
  const form = asDict(await file.resolve(catalog.get("AcroForm")));
  const fields = asArray(await file.resolve(form?.get("Fields"))) ?? [];
  const used = new Set<string>();
  for (const field of fields.slice(0, 10_000)) {
    const name = asDict(await file.resolve(field))?.get("T");
    if (name instanceof PdfString) used.add(decodeText(name));
  }
  for (let n = 1; ; n++) {
    const candidate = `Signature${n}`;
    if (!used.has(candidate))
      return new PdfString(
        Uint8Array.from(candidate, (c) => c.charCodeAt(0)),
        false,
      );
  }
}
