import type { PDFFont } from "pdf-lib";

/**
 * The standard PDF fonts speak WinAnsi only. Italian text fits, but a name written in another
 * script would make pdf-lib throw mid-document: letters lose their accents first, and
 * what still cannot be drawn becomes "?".
 */
export function drawableText(text: string, font: PDFFont): string {
  let result = "";
  for (const char of text.normalize("NFC")) {
    if (canDraw(char, font)) {
      result += char;
      continue;
    }
    const stripped = char.normalize("NFD").replace(/\p{M}/gu, "");
    result += stripped.length > 0 && [...stripped].every((c) => canDraw(c, font)) ? stripped : "?";
  }
  return result;
}

function canDraw(char: string, font: PDFFont): boolean {
  if (/\p{C}/u.test(char)) {
    return false;
  }
  try {
    font.encodeText(char);
    return true;
  } catch {
    return false;
  }
}

/** Greedy word wrap to `width` points; a word longer than a line is cut. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line.length > 0 ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line.length > 0) {
      lines.push(line);
    }
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) {
        cut -= 1;
      }
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line.length > 0) {
    lines.push(line);
  }
  return lines;
}
