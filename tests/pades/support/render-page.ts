import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A page rendered by poppler as 8-bit grey, one byte per pixel, row 0 at the top. */
export interface GreyPage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** Pixels one pixel per point (72 dpi), so PDF coordinates map straight to pixels. */
  darkPixelsIn(rect: readonly [number, number, number, number]): number;
}

/** Renders `page` (1-based) with `pdftoppm -gray` at 72 dpi and reads the PGM it writes. */
export function renderPage(pdf: Uint8Array, page: number): GreyPage {
  const dir = mkdtempSync(join(tmpdir(), "cns-render-"));
  try {
    const input = join(dir, "in.pdf");
    writeFileSync(input, pdf);
    execFileSync("pdftoppm", [
      "-gray",
      "-r",
      "72",
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      input,
      join(dir, "page"),
    ]);
    return parsePgm(new Uint8Array(readFileSync(join(dir, "page.pgm"))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parsePgm(bytes: Uint8Array): GreyPage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(Buffer.from(bytes.subarray(0, 64)).toString("latin1"));
  if (header === null) throw new Error("not an 8-bit PGM");
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = bytes.subarray(header[0].length);
  return {
    width,
    height,
    pixels,
    darkPixelsIn([x, y, w, h]) {
      let dark = 0;
      for (let row = Math.max(0, height - (y + h)); row < Math.min(height, height - y); row++) {
        for (let col = Math.max(0, x); col < Math.min(width, x + w); col++)
          if ((pixels[row * width + col] ?? 255) < 128) dark++;
      }
      return dark;
    },
  };
}
