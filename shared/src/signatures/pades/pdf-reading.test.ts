import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCnsBridgeError } from "../../errors/index.js";
import { inspectPdfForSigning, openPdfForSigning } from "./inspect-pdf.js";
import { PdfFile } from "./pdf-file.js";
import { PdfDict, PdfName, PdfRef, PdfString } from "./pdf-objects.js";
import { serializeValue } from "./pdf-serialize.js";
import { parseValue } from "./pdf-syntax.js";
import { readXrefChain } from "./pdf-xref.js";
import { decodeText } from "./signature-fields.js";

const encode = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A classic one-page PDF built from text with correct offsets; `trailerExtra` goes into the trailer. */
function minimalPdf(
  options: {
    trailerExtra?: string;
    catalogExtra?: string;
    prev?: number;
    startxrefDelta?: number;
    xrefLines?: string;
  } = {},
): Uint8Array {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${options.catalogExtra ?? ""} >>`,
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let body = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  const entries =
    options.xrefLines ??
    ["0000000000 65535 f\r\n", ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`)].join("");
  const prev = options.prev === undefined ? "" : ` /Prev ${options.prev}`;
  body += `xref\n0 ${objects.length + 1}\n${entries}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${prev}${options.trailerExtra ?? ""} >>\n`;
  body += `startxref\n${xrefAt + (options.startxrefDelta ?? 0)}\n%%EOF\n`;
  return encode(body);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return isCnsBridgeError(error) ? error.code : `uncoded: ${String(error)}`;
  }
}

describe("PDF object syntax", () => {
  it("reads the objects a signature touches and writes them back unchanged", () => {
    const source =
      "<< /Type /Sig /M (D:20260101\\(x\\)) /ByteRange [0 10 20 30] /Contents <00ff> /P 3 0 R /N#20x null /B true /R -1.5 >>";
    const { value } = parseValue(encode(source), 0);
    expect(value).toBeInstanceOf(PdfDict);
    const dict = value as PdfDict;
    expect(dict.get("Type")).toEqual(new PdfName("Sig"));
    expect(dict.get("P")).toEqual(new PdfRef(3, 0));
    expect((dict.get("Contents") as PdfString).bytes).toEqual(Uint8Array.of(0, 255));
    expect(dict.get("N x")).toBeNull();
    expect(serializeValue(parseValue(encode(serializeValue(dict)), 0).value)).toBe(serializeValue(dict));
  });

  it.each([
    ["unterminated dictionary", "<< /A 1"],
    ["unterminated string", "(abc"],
    ["bad hex", "<zz>"],
    ["deep nesting", "[".repeat(200)],
    ["huge number", "1e999999"],
    ["number beyond 2^53", "123456789012345678901234"],
    ["stray delimiter", ")"],
  ])("refuses %s with PDF_MALFORMED", (_name, source) => {
    expect(() => parseValue(encode(source), 0)).toThrow(expect.objectContaining({ code: "PDF_MALFORMED" }));
  });
});

describe("text strings", () => {
  it("decodes huge names without exhausting the stack", () => {
    const huge = new PdfString(new Uint8Array(300_000).fill(0x41), false);
    expect(decodeText(huge)).toHaveLength(300_000);
  });

  it("decodes UTF-16BE with a byte order mark", () => {
    expect(decodeText(new PdfString(Uint8Array.of(0xfe, 0xff, 0x00, 0xe0, 0x20, 0xac), true))).toBe("à€");
  });
});

describe("cross-reference reading", () => {
  it("reads a classic table and resolves objects", async () => {
    const file = await PdfFile.open(minimalPdf());
    expect(file.sections).toHaveLength(1);
    const catalog = (await file.resolve(file.trailer.get("Root"))) as PdfDict;
    expect(catalog.get("Type")).toEqual(new PdfName("Catalog"));
  });

  it.each([
    ["startxref outside the file", minimalPdf({ startxrefDelta: 1_000_000 })],
    ["startxref pointing into an object", minimalPdf({ startxrefDelta: -40 })],
    ["no startxref", encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")],
    ["empty file", new Uint8Array(0)],
    ["/Prev pointing at an object instead of a section", minimalPdf({ prev: 9 })],
    ["/Prev outside the file", minimalPdf({ prev: 99_999_999 })],
    ["/Prev not a number", minimalPdf({ trailerExtra: " /Prev /Nope" })],
    ["a subsection missing its entries", minimalPdf({ xrefLines: "" })],
    ["a broken entry line", minimalPdf({ xrefLines: "garbage line here\r\n" })],
  ])("refuses %s with PDF_XREF_MALFORMED", async (_name, pdf) => {
    expect(await codeOf(readXrefChain(pdf))).toBe("PDF_XREF_MALFORMED");
  });

  it("detects a /Prev pointing back at its own section (a loop)", async () => {
    const pdf = minimalPdf();
    const xrefAt = new TextDecoder().decode(pdf).indexOf("xref");
    expect(await codeOf(readXrefChain(minimalPdf({ prev: xrefAt })))).toBe("PDF_XREF_MALFORMED");
  });

  it("refuses an xref subsection larger than the file", async () => {
    const text = new TextDecoder().decode(minimalPdf()).replace("xref\n0 4\n", "xref\n0 999999999\n");
    expect(await codeOf(readXrefChain(encode(text)))).toBe("PDF_XREF_MALFORMED");
  });
});

describe("inspectPdfForSigning", () => {
  it("accepts a sound PDF", async () => {
    expect(await inspectPdfForSigning(minimalPdf())).toEqual({ refusals: [], warnings: [] });
  });

  it("refuses an encrypted PDF", async () => {
    const inspection = await inspectPdfForSigning(
      minimalPdf({ trailerExtra: " /Encrypt << /Filter /Standard /V 2 >>" }),
    );
    expect(inspection.refusals.map((r) => r.code)).toEqual(["PDF_ENCRYPTED"]);
  });

  it.each([
    [1, ["PDF_CERTIFIED_NO_CHANGES"]],
    [2, []],
  ])("with a DocMDP certification of /P %i refuses %j", async (permission, refusals) => {
    const certified = minimalPdf({
      catalogExtra: ` /Perms << /DocMDP << /Type /Sig /Reference [<< /TransformMethod /DocMDP /TransformParams << /P ${permission} >> >>] >> >>`,
    });
    const inspection = await inspectPdfForSigning(certified);
    expect(inspection.refusals.map((r) => r.code)).toEqual(refusals);
  });

  it("refuses a PDF whose cross-references cannot be appended to", async () => {
    const inspection = await inspectPdfForSigning(minimalPdf({ startxrefDelta: 5 }));
    expect(inspection.refusals.map((r) => r.code)).toEqual(["PDF_XREF_MALFORMED"]);
  });

  it("refuses something that is not a PDF", async () => {
    const inspection = await inspectPdfForSigning(encode("GIF89a not a pdf"));
    expect(inspection.refusals.map((r) => r.code)).toEqual(["PDF_MALFORMED"]);
  });

  it("never fails with an uncoded error on truncated or mutated input", async () => {
    const pdf = minimalPdf();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(pdf.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(pdf.length),
        async (flips, cut) => {
          const mutated = pdf.slice(0, Math.max(cut, 1));
          for (const [at, byte] of flips) if (at < mutated.length) mutated[at] = byte;
          // openPdfForSigning, not inspectPdfForSigning: the latter wraps stray errors itself.
          const code = await codeOf(openPdfForSigning(mutated));
          expect(code).not.toMatch(/^uncoded/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
