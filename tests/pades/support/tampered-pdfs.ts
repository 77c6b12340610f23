import {
  asArray,
  asDict,
  asRef,
  PdfDict,
  PdfName,
  PdfRef,
  PdfString,
} from "../../../shared/src/signatures/pades/pdf-objects.js";
import { latin1Bytes } from "../../../shared/src/signatures/pades/pdf-serialize.js";
import type { Signer } from "../../../shared/src/signatures/index.js";
import {
  CMS_OID,
  createSignerInfo,
  DIGEST_ALGORITHM_OIDS,
  encodeDetachedSignedData,
} from "../../../shared/src/signatures/cms/index.js";
import { maxPadesCmsBytes } from "../../../shared/src/signatures/pades/pades-cms.js";
import { signPdfWithCms } from "../../../shared/src/signatures/pades/sign-pdf.js";
import {
  appendRevision,
  byteRangeOf,
  contentsSpan,
  firstPage,
  object,
  replaceOnce,
  streamObject,
  text,
  withByteRange,
} from "./tamper-tools.js";

/**
 * The tampered and forged PDFs of the corpus, each made by code from a freshly signed PDF.
 * `expected` is the code verifyPdf must report (in a signature's errors, or as the thrown error
 * when the file cannot be read at all); `pdfsig` says what poppler should show for the same file.
 */
export interface TamperCase {
  readonly name: string;
  readonly make: (context: TamperContext) => Promise<Uint8Array>;
  readonly expected: string;
  readonly thrown?: boolean;
  /** "rejects": pdfsig shows the signature invalid; "partial": valid but not covering the whole file. */
  readonly pdfsig?: "rejects" | "partial";
}

export interface TamperContext {
  /** One page, xref table, signed once by `signer`. */
  readonly signed: Uint8Array;
  /** The same PDF signed by the same signer a second time (same placeholder size). */
  readonly otherSigned: Uint8Array;
  readonly sign: (pdf: Uint8Array, signer: Signer, signingTime?: Date) => Promise<Uint8Array>;
  readonly unsigned: Uint8Array;
  readonly signer: Signer;
  /** A signer presenting `signer`'s certificate with another key. */
  readonly impostor: Signer;
}

export const TAMPER_CASES: readonly TamperCase[] = [
  {
    name: "byte flipped in the page content (first signed range)",
    // The page text is compressed; its /MediaBox is plain text inside the first signed range.
    make: async ({ signed }) => replaceOnce(signed, "595 842", "595 843"),
    expected: "SIG_DIGEST_MISMATCH",
    pdfsig: "rejects",
  },
  {
    name: "byte flipped after the signature (second signed range)",
    make: async ({ signed }) => replaceOnce(signed, "/F 132", "/F 134", true),
    expected: "SIG_DIGEST_MISMATCH",
    pdfsig: "rejects",
  },
  {
    name: "/Contents replaced with the signature of another signing",
    make: async ({ signed, otherSigned }) => {
      const target = contentsSpan(signed);
      const source = contentsSpan(otherSigned);
      const out = signed.slice();
      out.set(otherSigned.subarray(source.start, source.end), target.start);
      return out;
    },
    expected: "SIG_DIGEST_MISMATCH",
    pdfsig: "rejects",
  },
  {
    name: "/Contents zeroed",
    make: async ({ signed }) => {
      const { start, end } = contentsSpan(signed);
      const out = signed.slice();
      out.fill(0x30, start, end);
      return out;
    },
    expected: "CMS_MALFORMED",
    pdfsig: "rejects",
  },
  {
    name: "byte flipped in the CMS signature value",
    make: async ({ signed }) => {
      const { start } = contentsSpan(signed);
      const source = text(signed);
      // The SignerInfo's signature is the last element of the DER; find its end before the zero padding.
      const hex = source.slice(start, contentsSpan(signed).end).replace(/(00)+$/, "");
      const at = start + hex.length - 20;
      const out = signed.slice();
      out[at] = out[at] === 0x61 ? 0x62 : 0x61;
      return out;
    },
    expected: "SIG_SIGNATURE_INVALID",
    pdfsig: "rejects",
  },
  {
    name: "ByteRange gap widened into the signed dictionary",
    make: async ({ signed }) => {
      const [a, b, c, d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [a, b - 10, c, d]);
    },
    expected: "PDF_BYTE_RANGE_INVALID",
    pdfsig: "rejects",
  },
  {
    name: "ByteRange not starting at 0",
    make: async ({ signed }) => {
      const [, b, c, d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [1, b, c, d]);
    },
    expected: "PDF_BYTE_RANGE_INVALID",
  },
  {
    name: "ByteRange stopping short of the end of the revision",
    make: async ({ signed }) => {
      const [a, b, c, d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [a, b, c, d - 7]);
    },
    expected: "PDF_BYTE_RANGE_NOT_WHOLE_REVISION",
    pdfsig: "rejects",
  },
  {
    name: "ByteRange reaching past the end of the file",
    make: async ({ signed }) => {
      const [a, b, c, d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [a, b, c, d + 100]);
    },
    expected: "PDF_BYTE_RANGE_INVALID",
  },
  {
    name: "extra bytes appended after signing",
    make: async ({ signed }) =>
      new Uint8Array(Buffer.concat([signed, Buffer.from("% appended after signing\n")])),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "incremental update replacing the page content (shadow attack)",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const page = await firstPage(file);
        const value = page.dict.get("Contents");
        const contents = asRef(Array.isArray(value) ? value[0] : value);
        if (contents === undefined) throw new Error("page without content ref");
        return {
          objects: [
            streamObject(contents.objectNumber, "BT /F1 14 Tf 50 780 Td (Importo: 1.000.000 EUR) Tj ET"),
          ],
        };
      }),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "incremental update pointing the page at new content (shadow attack, hide-and-replace)",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const page = await firstPage(file);
        const fresh = file.size;
        return {
          objects: [
            streamObject(fresh, "BT /F1 14 Tf 50 780 Td (Contenuto sostituito) Tj ET"),
            object(page.number, page.dict.copy().set("Contents", new PdfRef(fresh, 0))),
          ],
          size: fresh + 1,
        };
      }),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "incremental update adding a non-signature annotation",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const page = await firstPage(file);
        const fresh = file.size;
        const note = new PdfDict([
          ["Type", new PdfName("Annot")],
          ["Subtype", new PdfName("FreeText")],
          ["Rect", [50, 600, 300, 650]],
        ]);
        const annots = [...(asArray(page.dict.get("Annots")) ?? []), new PdfRef(fresh, 0)];
        return {
          objects: [object(fresh, note), object(page.number, page.dict.copy().set("Annots", annots))],
          size: fresh + 1,
        };
      }),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "incremental update changing the catalog (OpenAction)",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const root = asRef(file.trailer.get("Root"));
        const catalog = asDict(await file.resolve(root));
        if (root === undefined || catalog === undefined) throw new Error("no catalog");
        return {
          objects: [object(root.objectNumber, catalog.copy().set("OpenAction", [null, new PdfName("Fit")]))],
        };
      }),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "ByteRange with six numbers (a third range)",
    make: async ({ signed }) => {
      const [a, b, c, d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [a, b, c, d, 0, 1]);
    },
    expected: "PDF_BYTE_RANGE_INVALID",
  },
  {
    name: "ByteRange with overlapping ranges",
    make: async ({ signed }) => {
      const [a, b, , d] = byteRangeOf(signed).values as [number, number, number, number];
      return withByteRange(signed, [a, b, b - 100, d]);
    },
    expected: "PDF_BYTE_RANGE_INVALID",
  },
  {
    name: "byte flipped in the first revision of a PDF signed twice",
    make: async ({ signed, signer, sign }) => replaceOnce(await sign(signed, signer), "595 842", "595 843"),
    expected: "SIG_DIGEST_MISMATCH",
    pdfsig: "rejects",
  },
  {
    name: "incremental update rewriting the signature dictionary (new /M, same signature)",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const catalog = asDict(await file.resolve(file.trailer.get("Root")));
        const form = asDict(await file.resolve(catalog?.get("AcroForm")));
        const field = asDict(await file.resolve(asArray(await file.resolve(form?.get("Fields")))?.[0]));
        const sigRef = asRef(field?.get("V"));
        const sig = asDict(await file.resolve(sigRef));
        if (sigRef === undefined || sig === undefined) throw new Error("no signature");
        const forged = sig.copy().set("M", new PdfString(latin1Bytes("D:20200101000000+00'00'"), false));
        return { objects: [object(sigRef.objectNumber, forged)] };
      }),
    expected: "PDF_BYTE_RANGE_INVALID",
  },
  {
    name: "incremental update adding a page to the page tree",
    make: async ({ signed }) =>
      appendRevision(signed, async (file) => {
        const catalog = asDict(await file.resolve(file.trailer.get("Root")));
        const pagesRef = asRef(catalog?.get("Pages"));
        const pages = asDict(await file.resolve(pagesRef));
        if (pagesRef === undefined || pages === undefined) throw new Error("no page tree");
        const fresh = file.size;
        const page = new PdfDict([
          ["Type", new PdfName("Page")],
          ["Parent", pagesRef],
          ["MediaBox", [0, 0, 595, 842]],
        ]);
        const kids = [...(asArray(pages.get("Kids")) ?? []), new PdfRef(fresh, 0)];
        return {
          objects: [
            object(fresh, page),
            object(pagesRef.objectNumber, pages.copy().set("Kids", kids).set("Count", kids.length)),
          ],
          size: fresh + 1,
        };
      }),
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "object left undefined when signed, defined afterwards (dangling reference filled in)",
    make: async ({ unsigned, signer, sign }) => {
      let dangling = 0;
      // Before signing, the page also draws an object that does not exist yet: it reads as null.
      const prepared = await appendRevision(unsigned, async (file) => {
        const page = await firstPage(file);
        dangling = file.size + 5;
        const contents = page.dict.get("Contents");
        const list = [...(Array.isArray(contents) ? contents : [contents ?? null]), new PdfRef(dangling, 0)];
        return { objects: [object(page.number, page.dict.copy().set("Contents", list))] };
      });
      const signedWithDangling = await sign(prepared, signer);
      return appendRevision(signedWithDangling, async (file) => ({
        objects: [streamObject(dangling, "BT /F1 14 Tf 50 700 Td (Clausola aggiunta dopo la firma) Tj ET")],
        size: Math.max(file.size, dangling + 1),
      }));
    },
    expected: "PDF_MODIFIED_AFTER_SIGNING",
    pdfsig: "partial",
  },
  {
    name: "CMS with a signing-time attribute (forbidden by PAdES-B-B)",
    make: async ({ unsigned, signer }) =>
      signPdfWithCms(
        unsigned,
        signer,
        {},
        {
          maxBytes: async () => (await maxPadesCmsBytes(signer, "SHA-256")) + 64,
          build: async (contentDigest) =>
            detachedCms(signer, [
              await createSignerInfo({
                signer,
                digestAlgorithm: "SHA-256",
                messageDigest: contentDigest,
                contentType: CMS_OID.data,
                signingTime: new Date(),
              }),
            ]),
        },
      ),
    expected: "PDF_CMS_SIGNING_TIME_PRESENT",
  },
  {
    name: "CMS with two SignerInfos",
    make: async ({ unsigned, signer, impostor }) =>
      signPdfWithCms(
        unsigned,
        signer,
        {},
        {
          maxBytes: async () => 2 * (await maxPadesCmsBytes(signer, "SHA-256")),
          build: async (contentDigest) => {
            const request = {
              digestAlgorithm: "SHA-256",
              messageDigest: contentDigest,
              contentType: CMS_OID.data,
            } as const;
            return detachedCms(signer, [
              await createSignerInfo({ ...request, signer }),
              await createSignerInfo({ ...request, signer: impostor }),
            ]);
          },
        },
      ),
    expected: "PDF_CMS_NOT_ONE_SIGNER",
  },
  {
    name: "signature dictionary with an unsupported SubFilter",
    make: async ({ signed }) => replaceOnce(signed, "/ETSI.CAdES.detached", "/adbe.x509.rsa_sha1 "),
    expected: "PDF_SUBFILTER_UNSUPPORTED",
    pdfsig: "rejects",
  },
  {
    name: "certificate of one holder with the key of another",
    make: async ({ unsigned, impostor, sign }) => sign(unsigned, impostor),
    expected: "SIG_SIGNATURE_INVALID",
    pdfsig: "rejects",
  },
  {
    name: "claimed signing time after the certificate expired",
    make: async ({ unsigned, signer, sign }) =>
      sign(unsigned, signer, new Date(Date.now() + 5 * 365 * 86_400_000)),
    expected: "SIG_CERT_NOT_VALID_AT_SIGNING_TIME",
  },
  {
    name: "file truncated inside the last revision",
    make: async ({ signed }) => signed.slice(0, signed.length - 200),
    expected: "PDF_XREF_MALFORMED",
    thrown: true,
  },
  {
    // What is left is the unsigned original followed by half a revision: no signature to trust.
    name: "file truncated inside /Contents",
    make: async ({ signed }) => signed.slice(0, contentsSpan(signed).start + 100),
    expected: "PDF_NOT_SIGNED",
    thrown: true,
  },
];

/** A detached SignedData around ready SignerInfos, with the signer's certificates. */
function detachedCms(signer: Signer, signerInfos: Uint8Array[]): Uint8Array {
  return encodeDetachedSignedData({
    eContentType: CMS_OID.data,
    digestAlgorithmOids: [DIGEST_ALGORITHM_OIDS["SHA-256"]],
    certificates: [signer.certificate, ...signer.chain],
    crls: [],
    signerInfos,
  });
}
