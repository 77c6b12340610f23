import { CnsBridgeError } from "../../errors/index.js";
import { PdfDict, PdfName } from "./pdf-objects.js";
import { latin1Bytes, serializeValue } from "./pdf-serialize.js";

/** What the visible box shows. */
export interface AppearanceText {
  readonly name: string;
  readonly codiceFiscale: string | null;
  readonly date: Date;
}

/** Helvetica's average advance for mixed-case text, in em: enough to keep lines inside the box. */
const AVERAGE_CHAR_WIDTH_EM = 0.56;
const PADDING = 4;

/**
 * The visible signature's appearance stream (a form XObject, ISO 32000-1 §8.10): a thin
 * frame and three lines of Helvetica sized to fit the box. Helvetica is one of the standard
 * 14 fonts, so nothing is embedded and every reader draws it.
 */
export function buildAppearanceStream(
  width: number,
  height: number,
  text: AppearanceText | undefined,
): Uint8Array {
  const content = text === undefined ? "" : appearanceContent(width, height, appearanceLines(text));
  const font = new PdfDict([
    ["Type", new PdfName("Font")],
    ["Subtype", new PdfName("Type1")],
    ["BaseFont", new PdfName("Helvetica")],
    ["Encoding", new PdfName("WinAnsiEncoding")],
  ]);
  const dict = new PdfDict([
    ["Type", new PdfName("XObject")],
    ["Subtype", new PdfName("Form")],
    ["BBox", [0, 0, width, height]],
    ["Resources", new PdfDict([["Font", new PdfDict([["Helv", font]])]])],
    ["Length", content.length],
  ]);
  return latin1Bytes(`${serializeValue(dict)}\nstream\n${content}\nendstream`);
}

export function appearanceLines(text: AppearanceText): string[] {
  const lines = ["Firmato digitalmente da", text.name];
  if (text.codiceFiscale !== null) lines.push(`CF: ${text.codiceFiscale}`);
  lines.push(`Data: ${formatDate(text.date)}`);
  return lines;
}

function appearanceContent(width: number, height: number, lines: readonly string[]): string {
  const longest = Math.max(...lines.map((line) => line.length));
  const byWidth = (width - 2 * PADDING) / (longest * AVERAGE_CHAR_WIDTH_EM);
  const byHeight = (height - 2 * PADDING) / (lines.length * 1.2);
  const size = Math.max(2, Math.min(12, byWidth, byHeight));
  const leading = size * 1.2;
  const ops = [
    "q",
    "0.5 w 0 0 0 RG",
    `0.5 0.5 ${fixed(width - 1)} ${fixed(height - 1)} re S`,
    "BT",
    `/Helv ${fixed(size)} Tf`,
  ];
  ops.push(`${fixed(leading)} TL`, `${PADDING} ${fixed(height - PADDING - size)} Td`);
  for (const line of lines) ops.push(`${pdfText(line)} Tj T*`);
  ops.push("ET", "Q");
  return ops.join("\n");
}

function fixed(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, "");
}

/** WinAnsi matches Latin-1 for the letters Italian names use; anything else becomes "?". */
function pdfText(line: string): string {
  let out = "(";
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0x3f;
    const byte = code >= 0x20 && code <= 0xff && code !== 0x7f ? code : 0x3f;
    out += byte === 0x28 || byte === 0x29 || byte === 0x5c ? `\\${char}` : String.fromCharCode(byte);
  }
  return `${out})`;
}

function formatDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** The widget's /Rect from the caller's [x, y, width, height], checked against the page's box. */
export function appearanceRect(
  rect: readonly number[],
  mediaBox: readonly number[] | undefined,
): [number, number, number, number] {
  const [x, y, w, h] = rect;
  if (rect.length !== 4 || [x, y, w, h].some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new CnsBridgeError("PDF_APPEARANCE_RECT_INVALID", { detail: "expected [x, y, width, height]" });
  }
  const [rx, ry, rw, rh] = [x ?? 0, y ?? 0, w ?? 0, h ?? 0];
  if (rw < 20 || rh < 10 || rw > 2000 || rh > 2000) {
    throw new CnsBridgeError("PDF_APPEARANCE_RECT_INVALID", {
      detail: "width 20-2000 and height 10-2000 points",
    });
  }
  const [mx0, my0, mx1, my1] = mediaBox ?? [];
  if (mx0 !== undefined && my0 !== undefined && mx1 !== undefined && my1 !== undefined) {
    if (rx < mx0 || ry < my0 || rx + rw > mx1 || ry + rh > my1) {
      throw new CnsBridgeError("PDF_APPEARANCE_RECT_INVALID", { detail: "the box falls outside the page" });
    }
  }
  return [rx, ry, rx + rw, ry + rh];
}
